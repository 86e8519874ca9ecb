package dev.meshplane.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.meshplane.launcher.BrokerSecurity;
import dev.meshplane.launcher.KafkaBroker;
import dev.meshplane.launcher.PlatformAcls;
import dev.meshplane.launcher.TopicProvisioner;
import dev.meshplane.topics.Topics;

/**
 * The compose platform's one-off job, what {@code deploy/local/platform up} does after starting its brokers, with the
 * same library (libs/launcher): waits until every broker of the cluster answers the operator, creates the platform's
 * topics ({@link TopicProvisioner}: three partitions, the brokers' default of three replicas) and applies the
 * platform's ACL table ({@link PlatformAcls}). Idempotent, so it runs at every {@code up}. {@code acls [PREFIX]}
 * lists the broker's ACLs instead, as {@code deploy/local/platform acls} does.
 *
 * <p>Environment: {@code KAFKA_OPERATOR_BOOTSTRAP} (every node's INTERNAL listener), {@code
 * MESHPLANE_OPERATOR_PASSWORD}, {@code MESHPLANE_IDENTITY_ISSUER}, {@code KAFKA_BROKERS} (how many to wait for).
 */
public final class ComposeInit {

    private ComposeInit() {}

    public static void main(String[] args) throws Exception {
        BrokerSecurity security = new BrokerSecurity(
                env("MESHPLANE_IDENTITY_ISSUER"), env("KAFKA_OPERATOR_BOOTSTRAP"), env("MESHPLANE_OPERATOR_PASSWORD"));
        Map<String, Object> operator = security.operatorClient();
        if (args.length > 0 && args[0].equals("acls")) {
            listAcls(operator, args.length > 1 ? args[1] : "");
            return;
        }
        int brokers = Integer.parseInt(System.getenv().getOrDefault("KAFKA_BROKERS", "3"));
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(180).toNanos();
        while (!KafkaBroker.isReady(operator, brokers)) {
            if (System.nanoTime() > deadline) {
                System.err.println("init: the cluster did not show " + brokers + " brokers within 180 s");
                System.exit(1);
            }
            Thread.sleep(500);
        }
        System.out.printf("init: %d brokers answer (%.1f s)%n", brokers, (System.nanoTime() - start) / 1e9);
        List<String> created = TopicProvisioner.createAll(operator, 3);
        System.out.printf("init: topics %d created, %d in all%n", created.size(), Topics.ALL.size());
        int acls = PlatformAcls.apply(operator, PlatformAcls.table(PlatformAcls.SEEDED_PIPELINE_DOMAINS));
        System.out.printf("init: acls %d in place (docs/security.md, \"The broker\")%n", acls);
    }

    /** The broker's ACLs whose principal starts with {@code prefix}, one per line, sorted. */
    private static void listAcls(Map<String, Object> operator, String prefix) throws Exception {
        List<String> lines = PlatformAcls.describe(operator, prefix);
        lines.forEach(System.out::println);
        System.out.printf("%d ACL(s)%s%n", lines.size(), prefix.isEmpty() ? "" : " of " + prefix + "*");
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("init: " + name + " is not set");
            System.exit(2);
        }
        return value;
    }
}
