package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.SkippingPoller;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.ProductId;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.topics.Topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh access ...}: who may read a product. */
@Command(
        name = "access",
        mixinStandardHelpOptions = true,
        description = "Who may read a product: the teams it allows and the grants the broker enforces.",
        subcommands = {AccessCommands.ListGrants.class})
final class AccessCommands implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return MeshCli.USAGE;
    }

    /**
     * {@code mesh access list DOMAIN/NAME}: the teams the product's current version declares ({@code
     * spec.access.allow}) and its grants on {@code mesh.access.grants}, with who granted them and when. Reads the two
     * compacted topics to their end as the logged-in person (or pipeline); leaves no consumer group behind.
     */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The teams a product declares (spec.access.allow) and its grants, with who granted them.")
    static final class ListGrants implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DOMAIN/NAME", description = "The product, e.g. sales/orders-daily-summary.")
        String product;

        @Mixin
        PlatformOptions platform;

        @Mixin
        IdentityOptions identity;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ProductId id;
            try {
                id = ProductId.parse(product);
            } catch (IllegalArgumentException e) {
                err.println("mesh access list: " + product + " is not a product id: write DOMAIN/NAME, e.g."
                        + " sales/orders-daily-summary");
                return MeshCli.USAGE;
            }
            KafkaAuth auth;
            try {
                auth = platform.kafkaAuth(Session.open(identity.issuer));
            } catch (LoginException e) {
                err.println("mesh access list: " + e.getMessage());
                return MeshCli.USAGE;
            }
            String key = id.toString();
            try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(
                    auth.applyTo(ClientConfigs.avroConsumer(platform.bootstrap, platform.registry, null)))) {
                SkippingPoller<String, Object> poller =
                        new SkippingPoller<>(consumer, w -> err.println("mesh access list: " + w));
                DataProductPublished[] published = {null};
                readAll(consumer, poller, Topics.PRODUCTS.name(), (k, v) -> {
                    if (key.equals(k) && v instanceof DataProductPublished p) {
                        published[0] = p;
                    }
                });
                if (published[0] == null) {
                    err.println("mesh access list: no published product " + key + " (mesh products lists them)");
                    return MeshCli.INVALID;
                }
                Map<String, AccessGranted> grants = new TreeMap<>();
                readAll(consumer, poller, Topics.ACCESS_GRANTS.name(), (k, v) -> {
                    if (k != null && k.startsWith(key + "|")) {
                        if (v instanceof AccessGranted g) {
                            grants.put(g.getTeam(), g);
                        } else {
                            grants.remove(k.substring(key.length() + 1)); // a tombstone: revoked
                        }
                    }
                });
                print(published[0], grants, out);
                return MeshCli.OK;
            } catch (KafkaException e) {
                err.println("mesh access list: could not read the access of " + key + " from " + platform.bootstrap
                        + ": " + e.getMessage());
                return MeshCli.USAGE;
            }
        }

        private static void print(DataProductPublished p, Map<String, AccessGranted> grants, PrintWriter out) {
            var access = p.getDescriptor().getAccess();
            Set<String> declared = DescriptorEvents.allowedTeams(p.getDescriptor());
            String byDefault = access == null || access.getDefaultPolicy() == null ? "deny" : access.getDefaultPolicy();
            out.printf("%s %s: access by default %s%n", p.getProductId(), p.getVersion(), byDefault);
            out.printf("declared  %s%n", declared.isEmpty() ? "(no team)" : String.join(", ", declared));
            if (grants.isEmpty()) {
                out.println("granted   (no team)");
            }
            String label = "granted ";
            for (AccessGranted g : grants.values()) {
                out.printf("%s  %-16s by %s, %s%n", label, g.getTeam(), g.getGrantedBy(), g.getGrantedAt());
                label = "        ";
            }
        }

        /** Every record of {@code topic}, from the beginning to where it ends now, in offset order per partition. */
        private static void readAll(
                KafkaConsumer<String, Object> consumer,
                SkippingPoller<String, Object> poller,
                String topic,
                BiConsumer<String, Object> each) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                poller.poll(Duration.ofMillis(200)).forEach(r -> each.accept(r.key(), r.value()));
            }
        }
    }
}
