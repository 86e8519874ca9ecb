package dev.meshplane.alerting.service.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.smallrye.common.annotation.Identifier;

import dev.meshplane.alerting.service.config.AlertingConfig;
import dev.meshplane.client.DeadLetter;
import dev.meshplane.client.KafkaAuth;

/**
 * The service's Kafka clients' settings (the broker, its own account) and its one producer: Avro values under each
 * topic's artifact in the registry, every write acknowledged by all in-sync replicas, idempotent.
 */
@ApplicationScoped
public class EventWriter {

    private final Map<String, Object> client = new HashMap<>();
    private final String registryUrl;
    private final String instanceId;
    private KafkaProducer<byte[], byte[]> producer;
    private AvroKafkaSerializer<SpecificRecord> serializer;

    public EventWriter(AlertingConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        KafkaAuth.copiedFrom(kafkaConfig).applyTo(client);
        this.registryUrl = config.registryUrl();
        this.instanceId = config.instanceId();
    }

    /** Bootstrap and authentication, for a consumer of the service's own. */
    public Map<String, Object> client() {
        return new HashMap<>(client);
    }

    /** A deserializer of the mesh's Avro values into their generated classes. */
    public AvroKafkaDeserializer<SpecificRecord> deserializer() {
        AvroKafkaDeserializer<SpecificRecord> d = new AvroKafkaDeserializer<>();
        d.configure(
                Map.of(SerdeConfig.REGISTRY_URL, registryUrl, "apicurio.registry.use-specific-avro-reader", true),
                false);
        return d;
    }

    /** Completes once the broker has the record; fails with the broker's error (the registry's, when it is away). */
    public CompletableFuture<Void> write(String topic, String key, SpecificRecord value) {
        return send(() -> new ProducerRecord<>(
                topic, key.getBytes(StandardCharsets.UTF_8), serializer().serialize(topic, value)));
    }

    public CompletableFuture<Void> write(DeadLetter letter) {
        return send(letter::toProducerRecord);
    }

    /** Completes once the broker has the record; a record that cannot be made fails the future, not the caller. */
    private CompletableFuture<Void> send(Supplier<ProducerRecord<byte[], byte[]>> record) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            producer().send(record.get(), (m, e) -> {
                if (e == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private synchronized AvroKafkaSerializer<SpecificRecord> serializer() {
        if (serializer == null) {
            serializer = new AvroKafkaSerializer<>();
            serializer.configure(
                    Map.of(SerdeConfig.REGISTRY_URL, registryUrl, SerdeConfig.AUTO_REGISTER_ARTIFACT, true), false);
        }
        return serializer;
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> p = client();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "alerting-" + instanceId);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
