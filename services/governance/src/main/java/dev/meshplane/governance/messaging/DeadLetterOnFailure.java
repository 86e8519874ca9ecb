package dev.meshplane.governance.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;

/**
 * Keeps the channel alive when a record cannot be deserialized: without a handler the connector stops the channel on
 * the first unreadable record. The handler yields no value; the connector marks the record as a deserialization
 * failure and its dead-letter strategy copies the original bytes to {@code mesh.deadletter} with the reason, topic,
 * partition and offset in headers ({@code dead-letter-*}). The processor skips the empty value.
 */
@ApplicationScoped
@Identifier("dead-letter-on-failure")
public class DeadLetterOnFailure implements DeserializationFailureHandler<Object> {

    private static final Logger LOG = Logger.getLogger(DeadLetterOnFailure.class);

    @Override
    public Object handleDeserializationFailure(
            String topic, boolean isKey, String deserializer, byte[] data, Exception exception, Headers headers) {
        LOG.warnf("unreadable record on %s goes to the dead-letter topic: %s", topic, exception.getMessage());
        return null;
    }
}
