package dev.meshplane.governance.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;

import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.TopicAdmin;
import dev.meshplane.governance.domain.UndecidableRequestException;

/**
 * Creates product output topics on the platform's broker. A refusal of what the descriptor asks for (the topic name,
 * its partitions or retention) makes the request undecidable; anything else (timeouts, an unreachable or unhappy
 * broker, a replication factor the cluster cannot give yet) is an outage the request waits out.
 */
@ApplicationScoped
public class KafkaTopicAdmin implements TopicAdmin {

    private final Admin admin;
    private final short replicationFactor;

    @Inject
    public KafkaTopicAdmin(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, GovernanceConfig governanceConfig) {
        this.replicationFactor = governanceConfig.replicationFactor();
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        KafkaAuth.copiedFrom(kafkaConfig).applyTo(config); // as governance's account, which may create topics
        this.admin = Admin.create(config);
    }

    @Override
    public void ensureTopic(String name, int partitions, Long retentionMs) {
        NewTopic topic = new NewTopic(
                name,
                Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
        if (retentionMs != null) {
            topic.configs(Map.of("retention.ms", Long.toString(retentionMs)));
        }
        try {
            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) {
                return;
            }
            if (refusesTheRequest(cause)) {
                throw new UndecidableRequestException(
                        "the broker refused topic " + name + ": " + cause.getMessage(), cause);
            }
            throw new DependencyUnavailableException("could not create topic " + name + ": " + cause.getMessage(), e);
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted creating topic " + name, e);
        }
    }

    private static boolean refusesTheRequest(Throwable cause) {
        return cause instanceof InvalidTopicException
                || cause instanceof InvalidPartitionsException
                || cause instanceof InvalidConfigurationException
                || cause instanceof InvalidRequestException
                || cause instanceof PolicyViolationException;
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
