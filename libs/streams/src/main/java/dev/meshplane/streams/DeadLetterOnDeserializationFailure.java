package dev.meshplane.streams;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

import dev.meshplane.topics.Topics;

/**
 * A record the topology cannot read is copied, bytes unchanged, to {@code mesh.deadletter} with the reason, source
 * topic, partition and offset in headers; the stream goes on. If even that fails, the stream stops rather than lose
 * the record.
 */
public class DeadLetterOnDeserializationFailure implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterOnDeserializationFailure.class);

    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    @Override
    public DeserializationHandlerResponse handle(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        ProducerRecord<byte[], byte[]> dead =
                new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, record.key(), record.value(), record.headers());
        dead.headers()
                .add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(Topics.DLQ_SOURCE_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8))
                .add(
                        "dead-letter-partition",
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get(10, TimeUnit.SECONDS);
            LOG.warnf(
                    "unreadable record %s-%d@%d moved to %s: %s",
                    record.topic(), record.partition(), record.offset(), Topics.DEAD_LETTERS.name(), reason);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            LOG.errorf(
                    e,
                    "could not dead-letter %s-%d@%d; stopping rather than losing it",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
    }
}
