package dev.meshplane.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.meshplane.topics.Topics;

/**
 * The one way every service turns a record into a dead letter. A dead letter must always be writable: one that is
 * larger than the producer's {@code max.request.size} fails every time it is tried, and a consumer that waits for it
 * stops for good on that record (a 400 KB unreadable request did that to governance). So the builder keeps what fits
 * under a cap well below the producer's limit: the {@code dead-letter-*} headers first (the reason bounded to
 * {@value #MAX_REASON_BYTES} bytes), then the key (at most {@value #MAX_KEY_BYTES} bytes), then the original headers
 * that are small (each at most {@value #MAX_HEADER_BYTES} bytes, {@value #MAX_ORIGINAL_HEADERS_BYTES} in all: trace
 * ids, not a connector's copy of the payload), then as much of the value as fits. When anything was
 * cut it says so: {@code dead-letter-truncated=true} and {@code dead-letter-original-size} (the original value's
 * bytes). A cut value is a prefix of the original bytes: enough to see what it was, not to read it back.
 */
public final class DeadLetters {

    /** The cap when none is configured: a quarter of the producer's default {@code max.request.size} (1 MiB). */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    /** Overrides the cap in a producer or Kafka Streams configuration map, in bytes. */
    public static final String MAX_BYTES_CONFIG = "meshplane.dead-letter.max-bytes";

    /** The smallest cap: the {@code dead-letter-*} headers always fit whole. */
    public static final int MIN_MAX_BYTES = 8 * 1024;

    static final int MAX_REASON_BYTES = 2 * 1024;
    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_HEADER_BYTES = 1024;
    static final int MAX_ORIGINAL_HEADERS_BYTES = 4 * 1024;
    /** Record and batch framing, generously: varint lengths, attributes, offsets and the batch header. */
    static final int RECORD_OVERHEAD = 128;

    static final int HEADER_OVERHEAD = 10;

    private static final String CUT = " [cut]";

    private DeadLetters() {}

    /** A dead letter of the record at {@code topic}-{@code partition}@{@code offset}. */
    public static Builder of(String topic, int partition, long offset) {
        return new Builder(topic, partition, offset);
    }

    /**
     * The cap for a client with {@code configs}: {@value #MAX_BYTES_CONFIG} when set, else a quarter of the producer's
     * {@code max.request.size} (also as Kafka Streams names it, {@code producer.max.request.size}), never above
     * {@link #DEFAULT_MAX_BYTES} nor below {@link #MIN_MAX_BYTES}.
     */
    public static int maxBytes(Map<String, ?> configs) {
        Object explicit = configs.get(MAX_BYTES_CONFIG);
        if (explicit != null) {
            return Math.max(MIN_MAX_BYTES, Integer.parseInt(explicit.toString().trim()));
        }
        Object request = configs.get("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        request = request != null ? request : configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (request == null) {
            return DEFAULT_MAX_BYTES;
        }
        int quarter = Integer.parseInt(request.toString().trim()) / 4;
        return Math.max(MIN_MAX_BYTES, Math.min(DEFAULT_MAX_BYTES, quarter));
    }

    /**
     * True when the broker or producer refused a record for what it is (too large for a limit lower than the cap, or
     * malformed), anywhere in the cause chain: sending the same record again fails the same way. Anything else (a
     * timeout, a broker away) may pass on a later try.
     */
    public static boolean refusedForContent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException
                    || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }

    /** What to keep of the record; {@link #build()} cuts it to the cap. */
    public static final class Builder {
        private final String topic;
        private final int partition;
        private final long offset;
        private byte[] key;
        private byte[] value;
        private boolean valueDropped;
        private String reason = "";
        private final Set<String> rules = new LinkedHashSet<>();
        private final List<Header> extra = new ArrayList<>();
        private Headers original = new RecordHeaders();
        private int maxBytes = DEFAULT_MAX_BYTES;

        private Builder(String topic, int partition, long offset) {
            this.topic = topic == null ? "" : topic;
            this.partition = partition;
            this.offset = offset;
        }

        public Builder key(byte[] key) {
            this.key = key;
            return this;
        }

        public Builder key(String key) {
            return key(key == null ? null : utf8(key));
        }

        /** The original bytes, or a rendering of the record when the service no longer has them. */
        public Builder value(byte[] value) {
            this.value = value;
            return this;
        }

        /**
         * Keeps none of the value, only its size: for a second try after the broker refused the first (its own
         * limit may be lower than the cap).
         */
        public Builder dropValue() {
            this.valueDropped = true;
            return this;
        }

        /** Why the record is a dead letter: the exception, or the broken rules' messages. */
        public Builder reason(String reason) {
            this.reason = reason == null ? "" : reason;
            return this;
        }

        /** The id of a broken event rule; several are listed comma-separated in {@code dead-letter-rule}. */
        public Builder rule(String rule) {
            rules.add(rule);
            return this;
        }

        /** A header of the service's own, e.g. {@code dead-letter-value-format}; at most 1 KiB is kept. */
        public Builder header(String name, String text) {
            extra.add(new RecordHeader(name, utf8(cut(text, MAX_HEADER_BYTES))));
            return this;
        }

        /** The original record's headers: the small ones are kept, whole; a credential never. */
        public Builder originalHeaders(Headers headers) {
            this.original = headers == null ? new RecordHeaders() : headers;
            return this;
        }

        /** The cap; at least {@link #MIN_MAX_BYTES}. */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = Math.max(MIN_MAX_BYTES, maxBytes);
            return this;
        }

        public DeadLetter build() {
            boolean truncated = valueDropped;
            String keptReason = cut(reason, MAX_REASON_BYTES);
            truncated |= !keptReason.equals(reason);
            Headers headers = new RecordHeaders()
                    .add(Topics.DLQ_REASON_HEADER, utf8(keptReason))
                    .add(Topics.DLQ_SOURCE_TOPIC_HEADER, utf8(topic))
                    .add(Topics.DLQ_SOURCE_PARTITION_HEADER, utf8(Integer.toString(partition)))
                    .add(Topics.DLQ_SOURCE_OFFSET_HEADER, utf8(Long.toString(offset)));
            if (!rules.isEmpty()) {
                headers.add(Topics.DLQ_RULE_HEADER, utf8(cut(String.join(",", rules), MAX_HEADER_BYTES)));
            }
            extra.forEach(headers::add);
            byte[] keptKey = key;
            if (key != null && key.length > MAX_KEY_BYTES) {
                keptKey = Arrays.copyOf(key, MAX_KEY_BYTES);
                truncated = true;
            }
            int originalSize = value == null ? 0 : value.length;
            // Room for the two headers that say what was cut, whether or not they are needed.
            int room = maxBytes
                    - new DeadLetter(keptKey, null, headers, false).sizeInBytes()
                    - 2 * HEADER_OVERHEAD
                    - Topics.DLQ_TRUNCATED_HEADER.length()
                    - Topics.DLQ_ORIGINAL_SIZE_HEADER.length()
                    - 16;
            int originalRoom = Math.min(MAX_ORIGINAL_HEADERS_BYTES, room);
            for (Header h : original) {
                if (Topics.CREDENTIAL_HEADER.equals(h.key())) {
                    continue; // a publisher's token stays on the topic it was sent on, never a dead letter
                }
                int size = HEADER_OVERHEAD + h.key().length() + (h.value() == null ? 0 : h.value().length);
                if ((h.value() != null && h.value().length > MAX_HEADER_BYTES) || size > originalRoom) {
                    truncated = true;
                    continue;
                }
                headers.add(h);
                originalRoom -= size;
                room -= size;
            }
            byte[] keptValue = valueDropped ? null : value;
            if (keptValue != null && keptValue.length > room) {
                keptValue = Arrays.copyOf(keptValue, Math.max(0, room));
                truncated = true;
            }
            if (truncated) {
                headers.add(Topics.DLQ_TRUNCATED_HEADER, utf8("true"));
                headers.add(Topics.DLQ_ORIGINAL_SIZE_HEADER, utf8(Integer.toString(originalSize)));
            }
            return new DeadLetter(keptKey, keptValue, headers, truncated);
        }
    }

    /** {@code text} in at most {@code maxBytes} of UTF-8, cut at a character and marked when cut. */
    static String cut(String text, int maxBytes) {
        if (text == null) {
            return "";
        }
        if (text.length() * 3 <= maxBytes || utf8(text).length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - CUT.length();
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > budget) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + CUT;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
