package dev.meshplane.governance.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import dev.meshplane.client.Unreadable;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.topics.Topics;

/**
 * Keeps the channel alive when a record cannot be deserialized (without a handler the connector stops the channel on
 * the first unreadable record) and lets the record reach the processor: the handler yields no value, and the connector
 * puts the original bytes and the reason in {@code deserialization-failure-*} headers; the reason is replaced by the
 * plain one ({@link Unreadable}: what is wrong with the bytes, expecting the topic's value type from {@link Topics},
 * naming the registry, the deserializer's message kept in brackets). The marker that would make the
 * connector dead-letter the record on its own is removed, so the {@link DecisionLog} writes the dead letter in the
 * transaction that commits the record's offset: once, even across a restart.
 */
@ApplicationScoped
@Identifier("dead-letter-on-failure")
public class DeadLetterOnFailure implements DeserializationFailureHandler<Object> {

    private static final Logger LOG = Logger.getLogger(DeadLetterOnFailure.class);

    private final String registryUrl;

    @Inject
    public DeadLetterOnFailure(GovernanceConfig config) {
        this.registryUrl = config.registryUrl();
    }

    @Override
    public Object decorateDeserialization(
            Uni<Object> deserialization,
            String topic,
            boolean isKey,
            String deserializer,
            byte[] data,
            Headers headers) {
        Object value = DeserializationFailureHandler.super.decorateDeserialization(
                deserialization, topic, isKey, deserializer, data, headers);
        headers.remove(DESERIALIZATION_FAILURE_DLQ);
        return value;
    }

    @Override
    public Object handleDeserializationFailure(
            String topic, boolean isKey, String deserializer, byte[] data, Exception exception, Headers headers) {
        if (!isKey && headers != null) {
            headers.remove(DESERIALIZATION_FAILURE_REASON);
            headers.add(
                    DESERIALIZATION_FAILURE_REASON,
                    Unreadable.reason(topic, data, exception, Unreadable.expectedType(topic), registryUrl)
                            .getBytes(StandardCharsets.UTF_8));
        }
        LOG.debugf("unreadable record on %s: %s", topic, exception.getMessage());
        return null;
    }

    /** The dead letter of a record this handler let through: its original bytes and why they could not be read. */
    static Optional<Outcome.DeadLetter> unreadable(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).flatMap(in -> {
            Headers headers = in.getHeaders();
            Header data = headers.lastHeader(DESERIALIZATION_FAILURE_DATA);
            if (data == null) {
                return Optional.empty();
            }
            Header reason = headers.lastHeader(DESERIALIZATION_FAILURE_REASON);
            return Optional.of(Outcome.DeadLetter.unreadable(
                    data.value(),
                    reason == null
                            ? "the record could not be deserialized"
                            : new String(reason.value(), StandardCharsets.UTF_8)));
        });
    }
}
