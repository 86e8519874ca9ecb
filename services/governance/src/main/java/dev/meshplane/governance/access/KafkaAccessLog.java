package dev.meshplane.governance.access;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.config.ReplicaConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.registry.AvroValues;

/**
 * The access log on Kafka: one transaction per call (an approval and its grant, a revocation's tombstone and its
 * audit event), from a producer of its own whose transactional id is the replica's ({@code
 * meshplane-governance-access-<instance>}): a restart fences what the killed process left open. Calls are serialized;
 * an access decision is a person's act, a few a second at most.
 */
@ApplicationScoped
public class KafkaAccessLog implements AccessLog {

    private static final Logger LOG = Logger.getLogger(KafkaAccessLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> config = new HashMap<>();
    private final AvroValues values;
    private final AccessLedger ledger;
    private KafkaProducer<String, byte[]> producer;

    public KafkaAccessLog(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            GovernanceConfig governance,
            ReplicaConfig replica,
            AccessLedger ledger) {
        this.ledger = ledger;
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        KafkaAuth.copiedFrom(kafkaConfig).applyTo(config);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "meshplane-governance-access-" + replica.instanceId());
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.values = new AvroValues(governance.registryUrl());
    }

    @Override
    public synchronized void write(List<AccessLedger.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, byte[]>> records = entries.stream()
                .map(e -> new ProducerRecord<>(e.topic(), e.key(), serialize(e)))
                .toList();
        KafkaProducer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            for (ProducerRecord<String, byte[]> r : records) {
                p.send(r);
            }
            p.commitTransaction();
        } catch (ProducerFencedException e) {
            close(); // another process took this replica's id: the next call starts a new producer
            throw new DependencyUnavailableException("the access log's producer was fenced: " + e.getMessage(), e);
        } catch (KafkaException e) {
            try {
                p.abortTransaction();
            } catch (KafkaException abort) {
                close();
            }
            throw new DependencyUnavailableException("could not write to the broker: " + e.getMessage(), e);
        }
        ledger.applied(entries);
    }

    private byte[] serialize(AccessLedger.Entry e) {
        return e.value() == null ? null : values.serialize(e.topic(), (SpecificRecord) e.value());
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(config);
            try {
                p.initTransactions();
            } catch (KafkaException e) {
                p.close(Duration.ZERO);
                throw new DependencyUnavailableException("could not start the access log's transactions: " + e, e);
            }
            producer = p;
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("closing the access log's producer: %s", e);
            }
            producer = null;
        }
    }
}
