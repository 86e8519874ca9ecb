package dev.meshplane.governance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.meshplane.events.v1.DataProductDescriptor;
import dev.meshplane.events.v1.DescriptorMetadata;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.testing.RealKafkaAndRegistry;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * The wire contract on real parts: a class generated in {@code schemas/avro} goes through the Apicurio serde to a
 * real broker and comes back as the same specific record inside a {@code @QuarkusTest} (the class-loader trap of
 * quarkus#27057), and the real registry enforces BACKWARD compatibility.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKafkaAndRegistry.class, restrictToAnnotatedClass = true)
class AvroContractIT {

    TestPlatform platform;

    @Test
    void aGeneratedEventRoundTripsThroughTheRegistryAndTheBroker() {
        PublicationRequested sent = PublicationRequested.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setProductId("sales/orders-daily-summary")
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setRequestedBy("it")
                .setDescriptor(DataProductDescriptor.newBuilder()
                        .setApiVersion("mesh/v1")
                        .setKind("DataProduct")
                        .setMetadata(DescriptorMetadata.newBuilder()
                                .setName("orders-daily-summary")
                                .setDomain("sales")
                                .setOwner("sales-data@company.com")
                                .setTags(List.of("orders"))
                                .build())
                        .setInputs(List.of("customers/customer-profile"))
                        .build())
                .build();
        String topic = Topics.PUBLICATIONS_REQUESTED.name();

        try (KafkaProducer<String, PublicationRequested> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName(),
                SerdeConfig.REGISTRY_URL, platform.registryUrl(),
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true))) {
            producer.send(new ProducerRecord<>(topic, sent.getProductId(), sent));
            producer.flush();
        }

        List<ConsumerRecord<String, Object>> received = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "avro-contract-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName(),
                SerdeConfig.REGISTRY_URL, platform.registryUrl(),
                AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true))) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }

        Object value = received.get(0).value();
        assertThat(value).isInstanceOf(PublicationRequested.class).isEqualTo(sent);
        assertThat(received.get(0).key()).isEqualTo("sales/orders-daily-summary");
        given().when()
                .get(platform.registryUrl() + "/groups/default/artifacts/"
                        + Topics.PUBLICATIONS_REQUESTED.valueArtifactId())
                .then()
                .statusCode(200)
                .body("artifactType", equalTo("AVRO"));
    }

    @Test
    void theRegistryRefusesABackwardIncompatibleVersion() {
        String artifact = "compat-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = record("{\"name\":\"id\",\"type\":\"string\"}");
        String breaking = record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"owner\",\"type\":\"string\"}");
        String compatible = record(
                "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"owner\",\"type\":[\"null\",\"string\"],\"default\":null}");

        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "artifactId",
                        artifact,
                        "artifactType",
                        "AVRO",
                        "firstVersion",
                        Map.of("content", Map.of("content", v1, "contentType", "application/json"))))
                .post(platform.registryUrl() + "/groups/default/artifacts")
                .then()
                .statusCode(200);

        given().contentType(ContentType.JSON)
                .body(Map.of("content", Map.of("content", breaking, "contentType", "application/json")))
                .post(platform.registryUrl() + "/groups/default/artifacts/" + artifact + "/versions")
                .then()
                .statusCode(400)
                .body(containsString("owner"));

        given().contentType(ContentType.JSON)
                .body(Map.of("content", Map.of("content", compatible, "contentType", "application/json")))
                .post(platform.registryUrl() + "/groups/default/artifacts/" + artifact + "/versions")
                .then()
                .statusCode(200)
                .body("version", equalTo("2"));
    }

    @Test
    void everyPlatformTopicExistsWithItsDesignedConfig() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(names)
                    .containsAll(Topics.ALL.stream().map(MeshTopic::name).toList());

            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            for (MeshTopic<?> topic : Topics.ALL) {
                String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .get("cleanup.policy")
                        .value();
                assertThat(policy).as(topic.name()).isEqualTo(topic.compacted() ? "compact" : "delete");
            }
        }
        assertThat(Topics.PRODUCTS.compacted()).isTrue();
        assertThat(Topics.FRESHNESS_STATUS.compacted()).isTrue();
        assertThat(Topics.ACCESS_GRANTS.compacted()).isTrue();
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"dev.meshplane.it\",\"fields\":[" + fields
                + "]}";
    }
}
