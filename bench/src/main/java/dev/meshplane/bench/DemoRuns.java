package dev.meshplane.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.topics.Topics;

/**
 * For the demo, until {@code mesh run} exists: a week of daily quality results for a product as its pipeline would
 * report them, the last day 35 % short, so the quality service has a baseline to compare with and an alert to raise.
 *
 * <p>{@code DemoRuns BOOTSTRAP REGISTRY_URL PRODUCT_ID}
 */
public final class DemoRuns {

    private DemoRuns() {}

    public static void main(String[] args) {
        String product = args[2];
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        try (KafkaProducer<String, QualityResultReported> producer =
                new KafkaProducer<>(ClientConfigs.avroProducer(args[0], args[1]))) {
            for (int day = 6; day >= 0; day--) {
                long rows = day == 0 ? 650 : 1000 + day;
                producer.send(new ProducerRecord<>(
                        Topics.QUALITY_RESULTS.name(),
                        product,
                        QualityResultReported.newBuilder()
                                .setProductId(product)
                                .setRunId("demo-"
                                        + today.minus(Duration.ofDays(day))
                                                .toString()
                                                .substring(0, 10))
                                .setObservedAt(today.minus(Duration.ofDays(day)))
                                .setRowCount(rows)
                                .setColumns(List.of(new ColumnMetrics("customer_id", rows / 500, null, null, null)))
                                .build()));
                System.out.printf(
                        "run of %s: %d rows%n",
                        today.minus(Duration.ofDays(day)).toString().substring(0, 10), rows);
            }
        }
    }
}
