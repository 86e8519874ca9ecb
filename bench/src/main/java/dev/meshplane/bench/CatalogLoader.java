package dev.meshplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.topics.Topics;

/**
 * Writes N accepted products straight to {@code mesh.products} (the real topic, the real serde; governance is
 * bypassed, it decides ~18 requests/s) and waits until the catalog lists them all.
 *
 * <p>{@code CatalogLoader BOOTSTRAP REGISTRY_URL CATALOG_URL N}
 */
public final class CatalogLoader {

    static final List<String> DOMAINS = List.of(
            "sales",
            "customers",
            "finance",
            "marketing",
            "logistics",
            "support",
            "billing",
            "inventory",
            "hr",
            "risk",
            "payments",
            "search",
            "ads",
            "growth",
            "fraud",
            "pricing",
            "catalog",
            "shipping",
            "returns",
            "loyalty");
    static final List<String> WORDS = List.of(
            "orders",
            "daily",
            "summary",
            "customer",
            "profile",
            "invoice",
            "ledger",
            "events",
            "sessions",
            "refunds",
            "stock",
            "churn",
            "revenue",
            "clicks",
            "tickets",
            "payouts",
            "segments",
            "shipments",
            "prices",
            "claims");

    private CatalogLoader() {}

    static String productId(int i) {
        return DOMAINS.get(i % DOMAINS.size()) + "/" + name(i);
    }

    static String name(int i) {
        return WORDS.get(i % WORDS.size()) + "-" + WORDS.get((i / WORDS.size()) % WORDS.size()) + "-" + i;
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int n = Integer.parseInt(args[3]);
        long t0 = System.nanoTime();
        Map<String, Object> config = BenchKafka.operator(ClientConfigs.avroProducer(bootstrap, args[1]));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, DataProductPublished> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < n; i++) {
                DataProductPublished p = product(i);
                producer.send(new ProducerRecord<>(Topics.PRODUCTS.name(), p.getProductId(), p));
            }
            producer.flush();
        }
        double produced = (System.nanoTime() - t0) / 1e9;
        System.out.printf("wrote %d products to %s in %.1f s%n", n, Topics.PRODUCTS.name(), produced);
        HttpClient http = HttpClient.newHttpClient();
        int total = 0;
        while (total < n) {
            Thread.sleep(500);
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(args[2] + "/api/v1/products?size=1"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            int at = body.indexOf("\"total\":");
            total = at < 0 ? 0 : Integer.parseInt(body.substring(at + 8).replaceAll("[^0-9].*", ""));
        }
        System.out.printf(
                "catalog lists %d products %.1f s after the first write%n", total, (System.nanoTime() - t0) / 1e9);
    }

    static DataProductPublished product(int i) {
        String domain = DOMAINS.get(i % DOMAINS.size());
        String name = name(i);
        List<String> inputs = i >= DOMAINS.size() ? List.of(productId(i - DOMAINS.size() + 1)) : List.of();
        DataProduct p = new DataProduct(
                DataProduct.API_VERSION,
                DataProduct.KIND,
                new DataProduct.Metadata(
                        name,
                        domain,
                        domain + "-data@company.com",
                        "oncall-" + (i % 50) + "@company.com",
                        "1.0.0",
                        "The " + WORDS.get(i % WORDS.size()) + " of " + domain + ", refreshed every " + (i % 24 + 1)
                                + " hours.",
                        List.of(WORDS.get((i * 7) % WORDS.size()), domain)),
                new DataProduct.Spec(
                        new DataProduct.Source(
                                "postgres",
                                "${DB_URI}",
                                "SELECT * FROM t WHERE updated_at > :last_run",
                                "updated_at",
                                null,
                                null),
                        List.of(
                                new DataProduct.SchemaField("id", "string", false, false, null),
                                new DataProduct.SchemaField(
                                        WORDS.get((i * 3) % WORDS.size()) + "_id", "string", true, false, null),
                                new DataProduct.SchemaField("updated_at", "timestamp", false, false, null)),
                        new DataProduct.Output(3, "30d"),
                        List.of(new DataProduct.QualityCheck(CheckType.ROW_COUNT_DELTA, null, 0.2, null, null, null)),
                        new DataProduct.Freshness("15m", "30m"),
                        new DataProduct.Access("deny", List.of("analytics")),
                        inputs,
                        List.of()));
        return DataProductPublished.newBuilder()
                .setProductId(domain + "/" + name)
                .setRequestId(UUID.randomUUID().toString())
                .setVersion("1.0.0")
                .setDescriptor(DescriptorEvents.toEvent(p))
                .setOutputTopic(domain + "." + name + ".v1")
                .setSchemaGlobalId((long) i)
                .setPublishedAt(Instant.now())
                .build();
    }
}
