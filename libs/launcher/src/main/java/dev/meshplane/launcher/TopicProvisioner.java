package dev.meshplane.launcher;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * Creates every platform topic with its designed configuration and the broker's default replication factor (three
 * replicas on a cluster of three or more, {@code min.insync.replicas=2}: {@link KafkaBroker}). Idempotent: existing
 * topics are left alone.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {}

    /** {@code TopicProvisioner BOOTSTRAP [PARTITIONS]}: for compose and clusters the local launcher does not manage. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: TopicProvisioner BOOTSTRAP [PARTITIONS]");
            System.exit(2);
        }
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> created = createAll(args[0], partitions);
        System.out.println("created " + created.size() + " of " + Topics.ALL.size() + " platform topics " + created);
    }

    /** @return the names of the topics this call created */
    public static List<String> createAll(String bootstrap, int partitions) {
        return createAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), partitions);
    }

    /** {@link #createAll(String, int)} as the client {@code client} describes (a secured broker's operator). */
    public static List<String> createAll(Map<String, Object> client, int partitions) {
        Object bootstrap = client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> toNewTopic(t, partitions))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "creating the platform topics on " + bootstrap + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** The replication factor is the broker's {@code default.replication.factor}: it follows the cluster's size. */
    private static NewTopic toNewTopic(MeshTopic<?> topic, int partitions) {
        return new NewTopic(topic.name(), Optional.of(partitions), Optional.empty()).configs(topic.config());
    }
}
