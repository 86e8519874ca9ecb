package dev.meshplane.streams;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * A stream thread that dies (a transient registry or broker failure, see {@link DeadLetterOnDeserializationFailure})
 * is replaced; the new thread resumes from the last committed offsets, so nothing is skipped. Without this, Kafka
 * Streams shuts the client down and the service silently stops folding its topics. Quarkus installs every CDI bean of
 * this type on the {@code KafkaStreams} instance before it starts.
 */
@ApplicationScoped
public class ReplaceFailedStreamThread implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ReplaceFailedStreamThread.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.errorf(exception, "stream thread failed; replacing it, it resumes from the last committed offsets");
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
