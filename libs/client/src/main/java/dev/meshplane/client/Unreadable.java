package dev.meshplane.client;

import java.io.EOFException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * Why a record value could not be read, in plain words: the one place every reader of the platform's topics (the
 * Kafka Streams services' dead-letter handler, governance's, the CLI's skipping poller) turns an unreadable value and
 * its deserializer's failure into the reason it reports. The Apicurio deserializer's own messages do not say what was
 * wrong ({@code artifact reference cannot be null} for bytes without the framing, {@code Index 0 out of bounds for
 * length 0} for an empty value, the registry's {@code ProblemDetails} without the schema id), so the reason is read
 * from the bytes first, which say more than the exception, and the exception's class and message follow in brackets
 * so nothing is lost.
 *
 * <p>A value the mesh's producers write is framed for the registry: byte 0, the schema's content id as a 4-byte
 * big-endian int, then the Avro binary ({@link ClientConfigs}).
 */
public final class Unreadable {

    /** The framing's first byte. */
    static final byte MAGIC_BYTE = 0;

    /** The magic byte and the 4-byte schema id. */
    static final int FRAMING_BYTES = 5;

    /** At most this many characters of the original exception are kept, in brackets, after the plain reason. */
    static final int MAX_ORIGINAL_CHARS = 300;

    /** At most this many characters of a text value are quoted. */
    static final int MAX_QUOTED_CHARS = 40;

    private static final String FRAMING = "framed for the registry (byte 0, a 4-byte schema id, the data)";
    private static final String HOW_TO_PRODUCE =
            "produce with the Apicurio Avro serializer (the mesh's client settings, ClientConfigs.avroProducer)";

    private Unreadable() {}

    /**
     * The reason for a value of {@code topic} that could not be read, with the topic's value type from {@link Topics}
     * and no registry address.
     */
    public static String reason(String topic, byte[] value, Throwable failure) {
        return reason(topic, value, failure, expectedType(topic), null);
    }

    /**
     * The reason for {@code value}, read from {@code topic}, that failed with {@code failure}.
     *
     * @param expectedType the simple name of the Avro type the reader expected, e.g. {@code PublicationRequested};
     *     null when not known
     * @param registryUrl the registry the reader asked for the schema; null when not known
     */
    public static String reason(
            String topic, byte[] value, Throwable failure, String expectedType, String registryUrl) {
        String record = expectedType == null || expectedType.isBlank()
                ? "Avro record" + (topic == null || topic.isBlank() ? "" : " of " + topic)
                : "Avro " + expectedType + " record";
        return plain(value, failure, record, registryUrl) + original(failure);
    }

    /** The simple name of {@code topic}'s value type ({@link Topics#ALL}), or null for a topic the mesh does not own. */
    public static String expectedType(String topic) {
        for (MeshTopic<?> t : Topics.ALL) {
            if (t.name().equals(topic)) {
                return t.valueType().getSimpleName();
            }
        }
        return null;
    }

    /** {@code record} names what was expected, e.g. {@code Avro PublicationRequested record}. */
    private static String plain(byte[] value, Throwable failure, String record, String registryUrl) {
        String expected = "an " + record;
        Registry registry = Registry.answerIn(failure);
        String at = registryUrl == null || registryUrl.isBlank() ? "the registry" : "the registry at " + registryUrl;
        if (value == null) {
            return "no value (a tombstone): expected " + expected;
        }
        if (value.length == 0) {
            return "an empty value (0 bytes): expected " + expected + " " + FRAMING + "; a producer wrote nothing";
        }
        if (value[0] != MAGIC_BYTE) {
            String notFramed = "not a registry-framed " + record + ": the first byte is " + describeByte(value[0])
                    + ", expected 0x00; " + looksLike(value);
            if (registry != null) {
                // Without the framing the Apicurio deserializer takes the schema id from the record's headers.
                return notFramed + "; the schema the record's headers name " + registry.describe(at) + " — "
                        + HOW_TO_PRODUCE;
            }
            return notFramed + " — " + HOW_TO_PRODUCE;
        }
        if (value.length < FRAMING_BYTES) {
            return "a truncated value (" + bytes(value.length) + "): it starts with the framing's byte 0 but has no"
                    + " room for the 4-byte schema id; expected " + expected + " " + FRAMING
                    + "; the producer's value was cut short";
        }
        long schemaId = Integer.toUnsignedLong(ByteBuffer.wrap(value, 1, 4).getInt());
        if (registry != null && registry.status == 404) {
            return "schema id " + schemaId + " is unknown to " + at + registry.detail()
                    + ": the record was written against another registry, or its schema was deleted";
        }
        if (registry != null) {
            return "schema id " + schemaId + ": " + registry.describe(at);
        }
        if (failure == null) {
            return "schema id " + schemaId + ": the value could not be read as " + expected;
        }
        return "the data does not match schema id " + schemaId + " (" + shortMessage(failure) + "): expected "
                + expected + "; the producer wrote other bytes after the framing, or under the wrong schema";
    }

    /** What a value without the framing looks like: JSON, text (quoted, shortened), or binary. */
    static String looksLike(byte[] value) {
        String text = asText(value);
        if (text == null) {
            return "it is binary (" + bytes(value.length) + "), perhaps Avro without the registry's framing";
        }
        String trimmed = text.strip();
        String kind = trimmed.startsWith("{") || trimmed.startsWith("[") ? "JSON" : "text";
        return "it looks like " + kind + " (" + bytes(value.length) + "): " + quote(text);
    }

    /**
     * The start of {@code value} as text when it is UTF-8 without control characters (tabs and line breaks allowed),
     * else null. A character cut at the end of the inspected prefix does not count against it.
     */
    private static String asText(byte[] value) {
        int inspected = Math.min(value.length, 4 * MAX_QUOTED_CHARS);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(inspected);
        // Not the end of the input when only a prefix is inspected: a character cut there is left undecoded.
        if (decoder.decode(ByteBuffer.wrap(value, 0, inspected), out, value.length == inspected)
                .isError()) {
            return null;
        }
        out.flip();
        String text = out.toString();
        if (text.isEmpty()) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return null;
            }
        }
        return text;
    }

    private static String quote(String text) {
        String shown = text.length() > MAX_QUOTED_CHARS ? text.substring(0, MAX_QUOTED_CHARS) + "…" : text;
        return "\""
                + shown.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                        .replace("\t", "\\t")
                + "\"";
    }

    static String describeByte(byte b) {
        int unsigned = b & 0xFF;
        String hex = String.format(Locale.ROOT, "0x%02X", unsigned);
        return unsigned >= 0x20 && unsigned < 0x7F ? hex + " ('" + (char) unsigned + "')" : hex;
    }

    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** The most telling failure in the chain, short: what Avro or the reader said about the data. */
    private static String shortMessage(Throwable failure) {
        Throwable telling = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException) {
                return "the data ends before the record does";
            }
            if (t.getClass().getName().startsWith("org.apache.avro.")) {
                telling = t;
                break;
            }
            telling = t;
        }
        String message = telling.getMessage();
        return message == null || message.isBlank()
                ? telling.getClass().getSimpleName()
                : telling.getClass().getSimpleName() + ": " + cut(message, MAX_ORIGINAL_CHARS / 2);
    }

    /** The original exception's class and message in brackets, bounded; empty when there was none. */
    private static String original(Throwable failure) {
        if (failure == null) {
            return "";
        }
        return " [" + cut(failure.getClass().getName() + ": " + failure.getMessage(), MAX_ORIGINAL_CHARS) + "]";
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * The registry's answer found in a failure chain: the Apicurio client throws the registry's problem (its 404 for
     * an id it never issued) as {@code io.apicurio.registry.rest.client.models.ProblemDetails}, a Kiota
     * {@code ApiException}. It is read by name: the client compiles against the serdes, not the registry's SDK.
     */
    private record Registry(int status, String title, String detailText) {

        static Registry answerIn(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (isApiException(t.getClass())) {
                    Object status = call(t, "getResponseStatusCode");
                    if (!(status instanceof Integer code) || code == 0) {
                        status = call(t, "getStatus");
                    }
                    return new Registry(
                            status instanceof Integer code ? code : 0,
                            text(call(t, "getTitle")),
                            text(call(t, "getDetail")));
                }
            }
            return null;
        }

        String detail() {
            return detailText.isEmpty() ? "" : " (it says: " + cut(detailText, MAX_ORIGINAL_CHARS / 2) + ")";
        }

        String describe(String at) {
            if (status == 404) {
                return "is unknown to " + at + detail();
            }
            String what = detailText.isEmpty() ? title : detailText;
            return at + " answered " + (status == 0 ? "with a problem" : "HTTP " + status)
                    + (what.isEmpty() ? "" : " (" + cut(what, MAX_ORIGINAL_CHARS / 2) + ")");
        }

        private static boolean isApiException(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals("com.microsoft.kiota.ApiException")
                        || c.getName().equals("io.apicurio.registry.rest.client.models.ProblemDetails")) {
                    return true;
                }
            }
            return false;
        }

        private static Object call(Object target, String getter) {
            try {
                Method m = target.getClass().getMethod(getter);
                return m.invoke(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString().strip();
        }
    }
}
