package dev.meshplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.topics.Topics;

/**
 * Every kind of unreadable value, failed by the real Apicurio deserializer (the mesh's consumer settings) against a
 * stand-in registry on a local port that answers as Apicurio Registry 3 does: the schema of a known content id, a 404
 * problem for an id it never issued, a 500 problem for one it cannot serve.
 */
class UnreadableTest {

    private static final String TOPIC = Topics.FRESHNESS_SIGNALS.name();
    private static final int KNOWN_ID = 7;
    private static final int UNKNOWN_ID = 2_000_000_123;
    private static final int BROKEN_ID = 500;

    private static HttpServer registry;
    private static String registryUrl;
    private static AvroKafkaDeserializer<Object> deserializer;

    @BeforeAll
    static void startTheRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/apis/registry/v3/ids/contentIds/", UnreadableTest::answer);
        registry.start();
        registryUrl = "http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/registry/v3";
        deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(
                Map.of(
                        SerdeConfig.REGISTRY_URL,
                        registryUrl,
                        AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
                        true,
                        AvroSerdeConfig.AVRO_DATUM_PROVIDER,
                        SchemaCachingDatumProvider.class.getName()),
                false);
    }

    @AfterAll
    static void stopTheRegistry() {
        deserializer.close();
        registry.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String id = path.substring(path.indexOf("/contentIds/") + "/contentIds/".length());
        if (id.equals(KNOWN_ID + "")) {
            respond(exchange, 200, FreshnessSignalled.getClassSchema().toString());
        } else if (id.equals(KNOWN_ID + "/references")) {
            respond(exchange, 200, "[]");
        } else if (id.startsWith(BROKEN_ID + "")) {
            respond(exchange, 500, problem(500, "Internal Server Error", "the storage is read-only"));
        } else {
            String message = "No content with id '" + id + "' was found.";
            respond(exchange, 404, problem(404, message, message));
        }
    }

    private static String problem(int status, String title, String detail) {
        return "{\"status\":" + status + ",\"title\":\"" + title + "\",\"detail\":\"" + detail
                + "\",\"name\":\"ContentNotFoundException\"}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** What the Apicurio deserializer throws for {@code value}. */
    private static Throwable failureOf(byte[] value) {
        Throwable failure = catchThrowable(() -> deserializer.deserialize(TOPIC, new RecordHeaders(), value));
        assertThat(failure).as("the deserializer refuses it").isNotNull();
        return failure;
    }

    private static String reasonFor(byte[] value) {
        return Unreadable.reason(TOPIC, value, failureOf(value), "FreshnessSignalled", registryUrl);
    }

    private static byte[] framed(int schemaId, byte... data) {
        return ByteBuffer.allocate(5 + data.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(data)
                .array();
    }

    @Test
    void anEmptyValueSaysAProducerWroteNothing() {
        String reason = reasonFor(new byte[0]);

        assertThat(reason)
                .startsWith("an empty value (0 bytes): expected an Avro FreshnessSignalled record framed for the"
                        + " registry (byte 0, a 4-byte schema id, the data); a producer wrote nothing")
                .endsWith("[java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0]");
    }

    @Test
    void textSaysItIsNotFramedQuotesItAndSaysHowToProduce() {
        byte[] value = ("not an event for " + TOPIC).getBytes(StandardCharsets.UTF_8);

        String reason = reasonFor(value);

        assertThat(reason)
                .startsWith("not a registry-framed Avro FreshnessSignalled record: the first byte is 0x6E ('n'),"
                        + " expected 0x00; it looks like text (39 bytes): \"not an event for mesh.freshness.signals\""
                        + " — produce with the Apicurio Avro serializer")
                .endsWith("[java.lang.IllegalStateException: artifact reference cannot be null]");
    }

    @Test
    void jsonIsRecognisedAndLongTextIsShortened() {
        byte[] json = "{\"productId\": \"sales/orders\", \"dataUpdatedAt\": 1767225600000, \"runId\": null}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(reasonFor(json))
                .contains("the first byte is 0x7B ('{'), expected 0x00; it looks like JSON (76 bytes):"
                        + " \"{\\\"productId\\\": \\\"sales/orders\\\", \\\"dataUpdat…\"");
    }

    @Test
    void binaryWithoutTheFramingIsCalledBinary() {
        byte[] plainAvro = {0x18, 's', 'a', 'l', 'e', 's', '/', 'o', 'r', 'd', 'e', 'r', 's', (byte) 0x80, 0x01};

        assertThat(reasonFor(plainAvro))
                .startsWith("not a registry-framed Avro FreshnessSignalled record: the first byte is 0x18, expected"
                        + " 0x00; it is binary (15 bytes), perhaps Avro without the registry's framing");
    }

    @Test
    void aValueCutInsideTheFramingIsTruncated() {
        String reason = reasonFor(new byte[] {0, 0, 7});

        assertThat(reason)
                .startsWith("a truncated value (3 bytes): it starts with the framing's byte 0 but has no room for the"
                        + " 4-byte schema id; expected an Avro FreshnessSignalled record framed for the registry")
                .endsWith("[java.nio.BufferUnderflowException: null]");
    }

    @Test
    void anIdTheRegistryNeverIssuedIsNamedWithTheRegistry() {
        String reason = reasonFor(framed(UNKNOWN_ID, (byte) 2, (byte) 'x'));

        assertThat(reason)
                .startsWith("schema id 2000000123 is unknown to the registry at " + registryUrl
                        + " (it says: No content with id '2000000123' was found.): the record was written against"
                        + " another registry, or its schema was deleted")
                .endsWith("[java.lang.RuntimeException: io.apicurio.registry.rest.client.models.ProblemDetails]");
    }

    @Test
    void dataThatDoesNotMatchItsSchemaSaysSo() {
        // A string's length as zigzag varint 0x01: -1.
        String negativeLength = reasonFor(framed(KNOWN_ID, (byte) 1));
        // No data at all after the framing.
        String ended = reasonFor(framed(KNOWN_ID));

        assertThat(negativeLength)
                .startsWith("the data does not match schema id 7 (AvroRuntimeException: Malformed data. Length is"
                        + " negative: -1): expected an Avro FreshnessSignalled record")
                .endsWith("[org.apache.avro.AvroRuntimeException: Malformed data. Length is negative: -1]");
        assertThat(ended)
                .startsWith("the data does not match schema id 7 (the data ends before the record does)")
                .endsWith("[java.io.UncheckedIOException: java.io.EOFException]");
    }

    @Test
    void aRegistryThatFailsIsNamedWithItsStatus() {
        String reason = reasonFor(framed(BROKEN_ID, (byte) 2, (byte) 'x'));

        assertThat(reason)
                .startsWith("schema id 500: the registry at " + registryUrl
                        + " answered HTTP 500 (the storage is read-only)");
    }

    @Test
    void theOriginalMessageIsKeptBounded() {
        String reason =
                Unreadable.reason(TOPIC, new byte[] {'x'}, new IllegalStateException("y".repeat(100_000)), null, null);

        assertThat(reason)
                .startsWith("not a registry-framed Avro record of mesh.freshness.signals: the first byte is 0x78 ('x')")
                .contains(" [java.lang.IllegalStateException: yyy")
                .endsWith("…]");
        assertThat(reason.length()).isLessThan(600);
    }

    @Test
    void withoutARegistryAddressItSaysTheRegistry() {
        byte[] value = framed(UNKNOWN_ID, (byte) 2);

        assertThat(Unreadable.reason(TOPIC, value, failureOf(value)))
                .startsWith("schema id 2000000123 is unknown to the registry (it says:");
    }

    @Test
    void theExpectedTypeIsTheTopicsValueType() {
        assertThat(Unreadable.expectedType(Topics.PUBLICATIONS_REQUESTED.name()))
                .isEqualTo("PublicationRequested");
        assertThat(Unreadable.expectedType(Topics.QUALITY_ALERTS.name())).isEqualTo("AlertStateChanged");
        assertThat(Unreadable.expectedType("someone.elses.topic")).isNull();
        assertThat(Unreadable.reason("mesh.products", new byte[0], null))
                .isEqualTo("an empty value (0 bytes): expected an Avro DataProductPublished record framed for the"
                        + " registry (byte 0, a 4-byte schema id, the data); a producer wrote nothing");
        assertThat(Unreadable.reason("mesh.products", null, null)).startsWith("no value (a tombstone)");
    }

    @Test
    void aCharacterCutAtTheEndOfTheInspectedPrefixIsStillText() {
        byte[] value = new byte[1000];
        Arrays.fill(value, (byte) 'a');
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(euro, 0, value, 159, euro.length); // straddles the 160 inspected bytes

        assertThat(Unreadable.looksLike(value)).startsWith("it looks like text (1000 bytes): \"aaaa");
    }
}
