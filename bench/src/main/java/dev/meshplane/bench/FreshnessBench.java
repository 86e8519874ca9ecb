package dev.meshplane.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.topics.Topics;

/**
 * Alert lateness of the running freshness service with N tracked products whose deadlines are staggered: every
 * product is published at once and never signals, product i has {@code target = LEAD + (i mod N) * SPREAD / N} and
 * {@code alert_after = target + 2 min}, so the breach deadlines fall evenly over SPREAD starting LEAD + 2 min after
 * the load. For each FIRING alert: lateness = its {@code changedAt} (the service's clock) − its deadline, and the
 * subscriber's receive time − deadline (adds the exactly-once commit).
 *
 * <p>{@code FreshnessBench BOOTSTRAP REGISTRY_URL N LEAD_SECONDS SPREAD_SECONDS}
 */
public final class FreshnessBench {

    private FreshnessBench() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        int n = Integer.parseInt(args[2]);
        long lead = Long.parseLong(args[3]) * 1000;
        long spread = Long.parseLong(args[4]) * 1000;
        String run = UUID.randomUUID().toString().substring(0, 6);

        Map<String, Object> c =
                BenchKafka.operator(ClientConfigs.avroConsumer(bootstrap, registry, "freshness-bench-" + run));
        c.put("auto.offset.reset", "latest");
        try (KafkaConsumer<String, AlertStateChanged> subscriber = new KafkaConsumer<>(c)) {
            subscriber.subscribe(List.of(Topics.FRESHNESS_ALERTS.name()));
            while (subscriber.assignment().isEmpty()) {
                subscriber.poll(Duration.ofMillis(100));
            }
            Instant publishedAt = Instant.now();
            long t0 = System.nanoTime();
            Map<String, Object> p = BenchKafka.operator(ClientConfigs.avroProducer(bootstrap, registry));
            p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            try (KafkaProducer<String, DataProductPublished> products = new KafkaProducer<>(p)) {
                for (int i = 0; i < n; i++) {
                    DataProductPublished product = CatalogLoader.product(i);
                    String id = product.getProductId() + "-f" + run;
                    product.setProductId(id);
                    product.getDescriptor()
                            .getMetadata()
                            .setName(product.getDescriptor().getMetadata().getName() + "-f" + run);
                    product.getDescriptor().setQualityChecks(new ArrayList<>());
                    long target = lead + (long) i * spread / n;
                    product.getDescriptor().getFreshness().setTarget(target + "ms");
                    product.getDescriptor().getFreshness().setAlertAfter((target + 120_000) + "ms");
                    product.setPublishedAt(publishedAt);
                    products.send(new ProducerRecord<>(Topics.PRODUCTS.name(), id, product));
                }
            }
            System.out.printf(
                    "published %d products in %.1f s; first breach deadline in %.0f s%n",
                    n,
                    (System.nanoTime() - t0) / 1e9,
                    (publishedAt.toEpochMilli() + lead + 120_001 - System.currentTimeMillis()) / 1e3);

            List<Double> service = new ArrayList<>(n);
            List<Double> subscriberSide = new ArrayList<>(n);
            long deadline = System.currentTimeMillis() + lead + spread + 120_000 + 120_000;
            while (service.size() < n && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, AlertStateChanged> r : subscriber.poll(Duration.ofMillis(200))) {
                    AlertStateChanged a = r.value();
                    if (a.getState() != AlertState.FIRING || !a.getProductId().endsWith("-f" + run)) {
                        continue;
                    }
                    long due = Instant.parse(a.getDetails().get("deadline")).toEpochMilli();
                    service.add((a.getChangedAt().toEpochMilli() - due) / 1e3);
                    subscriberSide.add((System.currentTimeMillis() - due) / 1e3);
                }
            }
            System.out.printf("FIRING alerts read: %d of %d%n", service.size(), n);
            System.out.println("lateness, service clock (changedAt - deadline): "
                    + Percentiles.of(service.stream().mapToDouble(d -> d).toArray())
                            .format("s"));
            System.out.println("lateness, subscriber (received - deadline):     "
                    + Percentiles.of(subscriberSide.stream().mapToDouble(d -> d).toArray())
                            .format("s"));
        }
    }
}
