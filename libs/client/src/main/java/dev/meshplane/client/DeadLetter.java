package dev.meshplane.client;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import dev.meshplane.topics.Topics;

/**
 * A record for {@code mesh.deadletter}, built by {@link DeadLetters} so it fits under the cap it was built with.
 *
 * @param key the original key, cut when it was too long; may be null
 * @param value the original value (or a rendering of it), cut or dropped when too large; may be null
 * @param headers the {@code dead-letter-*} headers, then what fitted of the original record's headers
 * @param truncated whether anything was cut; the headers then say so ({@code dead-letter-truncated})
 */
public record DeadLetter(byte[] key, byte[] value, Headers headers, boolean truncated) {

    /** The record to send with a {@code byte[]} producer. */
    public ProducerRecord<byte[], byte[]> toProducerRecord() {
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key, value, headers);
    }

    /** An upper bound of the bytes the record takes in a produce request (key, value, headers, framing). */
    public int sizeInBytes() {
        int size = DeadLetters.RECORD_OVERHEAD + length(key) + length(value);
        for (Header h : headers) {
            size += DeadLetters.HEADER_OVERHEAD + h.key().length() + length(h.value());
        }
        return size;
    }

    /** A header's value as text, or null when absent. */
    public String header(String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
