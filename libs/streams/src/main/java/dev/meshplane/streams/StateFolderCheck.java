package dev.meshplane.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs {@link StateFolder#check} for a Quarkus Kafka Streams service before its {@code KafkaStreams} is built (the
 * services call it from their topology producer): the folder is {@code kafka-streams.state.dir}, the cluster is the
 * one at {@code quarkus.kafka-streams.bootstrap-servers}, reached with the service's own {@code kafka-streams.*}
 * client settings (its credentials included). While the brokers cannot be reached it waits and tries again, saying so
 * in the log: the service starts once it knows whose state it holds.
 */
public final class StateFolderCheck {

    private static final Logger LOG = Logger.getLogger(StateFolderCheck.class);
    private static final Duration ATTEMPT = Duration.ofSeconds(10);
    private static final String PREFIX = "kafka-streams.";
    /** The folders this process has checked: once each, before Kafka Streams opened them. */
    private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();

    private StateFolderCheck() {}

    /**
     * @param layout the layout version of the service's state; raise it when a release cannot read what an earlier
     *     one wrote, and every replica rebuilds its stores from their changelogs once
     */
    public static StateFolder.Outcome run(Config config, int layout) {
        Path folder = Path.of(config.getValue(PREFIX + "state.dir", String.class));
        if (!CHECKED.add(folder.toAbsolutePath())) {
            return StateFolder.Outcome.KEPT; // Quarkus may ask for the topology twice: the folder was checked already
        }
        String bootstrap = config.getValue("quarkus.kafka-streams.bootstrap-servers", String.class);
        String clusterId = clusterId(clientSettings(config, bootstrap), bootstrap);
        StateFolder.Outcome outcome = StateFolder.check(folder, clusterId, bootstrap, layout);
        LOG.infof("state folder %s: %s (cluster %s, layout %d)", folder, outcome, clusterId, layout);
        return outcome;
    }

    /** The service's Kafka Streams client settings (bootstrap, security, SASL), as an Admin takes them. */
    static Map<String, Object> clientSettings(Config config, String bootstrap) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX + "security.") || name.startsWith(PREFIX + "sasl.")) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> settings.put(name.substring(PREFIX.length()), value));
            }
        }
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "state-folder-check");
        return settings;
    }

    private static String clusterId(Map<String, Object> settings, String bootstrap) {
        try (Admin admin = Admin.create(settings)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return admin.describeCluster().clusterId().get(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warnf(
                            "cannot reach the brokers at %s to check the state folder (try %d): %s; trying again",
                            bootstrap, attempt, e.getCause() == null ? e : e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + bootstrap + " for its cluster id", e);
        }
    }
}
