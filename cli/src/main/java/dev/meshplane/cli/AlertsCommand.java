package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.topics.Topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh alerts}: the quality and freshness alert topics, as a subscriber sees them. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Print quality and freshness alerts: the retained history, then (with --follow) new ones as they"
                + " come.")
final class AlertsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--follow", description = "Keep printing new alerts until interrupted.")
    boolean follow;

    @Option(names = "--domain", description = "Only alerts of this domain's products.")
    String domain;

    @Mixin
    PlatformOptions platform;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<String, AlertStateChanged> consumer = new KafkaConsumer<>(ClientConfigs.avroConsumer(
                platform.bootstrap, platform.registry, "mesh-alerts-cli-" + UUID.randomUUID()))) {
            if (consumer.listTopics(Duration.ofSeconds(5)).isEmpty()) {
                throw new org.apache.kafka.common.errors.TimeoutException("no topics");
            }
            consumer.subscribe(List.of(Topics.QUALITY_ALERTS.name(), Topics.FRESHNESS_ALERTS.name()));
            long idleSince = System.nanoTime();
            while (follow
                    || System.nanoTime() - idleSince < Duration.ofSeconds(3).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<String, AlertStateChanged> r : records) {
                    AlertStateChanged a = r.value();
                    if (a != null && (domain == null || a.getProductId().startsWith(domain + "/"))) {
                        out.printf(
                                "%s  %-9s %-8s %-34s %s  (owner %s, on-call %s)%n",
                                a.getChangedAt(),
                                a.getKind(),
                                a.getState(),
                                a.getProductId(),
                                a.getSummary(),
                                a.getOwner(),
                                a.getOncall());
                        out.flush();
                    }
                }
            }
            return MeshCli.OK;
        } catch (org.apache.kafka.common.KafkaException e) {
            spec.commandLine()
                    .getErr()
                    .println("mesh alerts: the Kafka broker at " + platform.bootstrap + " is not reachable:"
                            + " start the platform with 'deploy/local/platform up' (or pass --bootstrap HOST:PORT)");
            return MeshCli.USAGE;
        }
    }
}
