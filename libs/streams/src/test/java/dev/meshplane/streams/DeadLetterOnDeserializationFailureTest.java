package dev.meshplane.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DeadLetterOnDeserializationFailureTest {

    @Test
    void registryUnreachableIsTransientSoTheRecordIsRetriedNotDeadLettered() {
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new SerializationException("lookup failed", new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new RuntimeException(new RuntimeException(new HttpTimeoutException("request timed out")))))
                .isTrue();
        assertThat(DeadLetterOnDeserializationFailure.isTransient(new RuntimeException(new TimeoutException())))
                .isTrue();
    }

    @Test
    void unreadableBytesArePoison() {
        assertThat(DeadLetterOnDeserializationFailure.isTransient(new SerializationException("Unknown magic byte!")))
                .isFalse();
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new SerializationException("bad", new ArrayIndexOutOfBoundsException(3))))
                .isFalse();
    }
}
