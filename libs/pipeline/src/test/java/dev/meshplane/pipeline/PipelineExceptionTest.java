package dev.meshplane.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.MalformedInputException;
import java.sql.SQLException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a scheduled mesh run tries again (retryable) and what stops it (repeats until someone fixes it). */
class PipelineExceptionTest {

    @Test
    void aRefusedOrLostConnectionMayPassByItself() {
        assertThat(PipelineException.isTransient(new SQLException("Connection refused", "08001")))
                .isTrue();
        assertThat(PipelineException.isTransient(new SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(PipelineException.isTransient(new ConnectException("Connection refused")))
                .isTrue();
        assertThat(PipelineException.isTransient(new KafkaException("in error state", new TimeoutException("t"))))
                .isTrue();
    }

    @Test
    void aWrongPasswordABadQueryOrBadDataRepeatsEveryTime() {
        assertThat(PipelineException.isTransient(new SQLException("password authentication failed", "28P01")))
                .isFalse();
        assertThat(PipelineException.isTransient(new SQLException("relation \"x\" does not exist", "42P01")))
                .isFalse();
        assertThat(PipelineException.isTransient(new MalformedInputException(1)))
                .isFalse();
        assertThat(PipelineException.isTransient(new SerializationException("not the schema")))
                .isFalse();
    }
}
