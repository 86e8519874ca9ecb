package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.SkippingPoller;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.topics.Topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesh alerts}: the quality and freshness alert topics, as a subscriber sees them. An alert that cannot be read
 * is reported and stepped over; the command leaves nothing behind on the broker (no consumer group).
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        subcommands = {AlertActions.Ack.class, AlertActions.Snooze.class, AlertActions.Resolve.class},
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

    @Mixin
    IdentityOptions identity;

    /** Without --follow: stop once nothing new came for this long. */
    private static final Duration IDLE = Duration.ofSeconds(3);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KafkaAuth auth;
        try {
            auth = platform.kafkaAuth(Session.open(identity.issuer));
        } catch (LoginException e) {
            err.println("mesh alerts: " + e.getMessage());
            return MeshCli.USAGE;
        }
        // No group id: the partitions are assigned and read from the start, so no consumer group is left behind.
        try (KafkaConsumer<String, AlertStateChanged> consumer = new KafkaConsumer<>(
                auth.applyTo(ClientConfigs.avroConsumer(platform.bootstrap, platform.registry, null)))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.QUALITY_ALERTS.name(), Topics.FRESHNESS_ALERTS.name())) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos == null || infos.isEmpty()) {
                    err.println("mesh alerts: " + topic + " does not exist on " + platform.bootstrap
                            + ": is the platform up (deploy/local/platform up)?");
                    return MeshCli.USAGE;
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            SkippingPoller<String, AlertStateChanged> poller = new SkippingPoller<>(consumer, warning -> {
                err.println("mesh alerts: " + warning);
                err.flush();
            });
            long idleSince = System.nanoTime();
            while (follow || System.nanoTime() - idleSince < IDLE.toNanos()) {
                var records = poller.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<String, AlertStateChanged> r : records) {
                    print(r.value(), out);
                }
            }
            return MeshCli.OK;
        } catch (TimeoutException e) {
            err.println("mesh alerts: the Kafka broker at " + platform.bootstrap + " is not reachable:"
                    + " start the platform with 'deploy/local/platform up' (or pass --bootstrap HOST:PORT)");
            return MeshCli.USAGE;
        } catch (KafkaException e) {
            err.println("mesh alerts: reading the alerts from " + platform.bootstrap + " failed: " + e.getMessage());
            return MeshCli.USAGE;
        }
    }

    private void print(AlertStateChanged a, PrintWriter out) {
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
