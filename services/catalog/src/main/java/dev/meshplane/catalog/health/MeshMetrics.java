package dev.meshplane.catalog.health;

import java.util.List;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.MeshHealth;

/**
 * The mesh's health signals as Prometheus gauges on {@code /q/metrics} (overall; per domain over HTTP). Computed at
 * scrape time from the in-memory product summaries.
 */
@ApplicationScoped
public class MeshMetrics {

    private final CatalogIndex index;
    private final MeterRegistry registry;

    public MeshMetrics(CatalogIndex index, MeterRegistry registry) {
        this.index = index;
        this.registry = registry;
    }

    void register(@Observes StartupEvent start) {
        gauge(
                "mesh.products.published",
                "Published data products",
                s -> s.ownership().products());
        gauge(
                "mesh.ownership.adoption",
                "Share of published products with a named owner and on-call",
                s -> orNaN(s.ownership().share()));
        gauge(
                "mesh.publication.velocity.p50.seconds",
                "Median time from publication request to acceptance",
                s -> s.velocity().p50Millis() == null
                        ? Double.NaN
                        : s.velocity().p50Millis() / 1000.0);
        gauge(
                "mesh.publication.velocity.p95.seconds",
                "95th percentile time from publication request to acceptance",
                s -> s.velocity().p95Millis() == null
                        ? Double.NaN
                        : s.velocity().p95Millis() / 1000.0);
        gauge(
                "mesh.sla.compliance",
                "Mean 30-day freshness compliance of tracked products",
                s -> orNaN(s.sla().meanCompliance30d()));
        gauge(
                "mesh.cross.domain.consumption",
                "Share of declared inputs that cross a domain boundary",
                s -> orNaN(s.crossDomain().share()));
        gauge(
                "mesh.cross.domain.observed.readers",
                "Teams seen reading another domain's products (one per product and team)",
                s -> s.crossDomain().crossDomainObservedReaders());
        gauge(
                "mesh.products.unread",
                "Published products no consumer group was seen reading in the last 30 days",
                s -> s.unread().products());
        gauge(
                "mesh.consumer.nps",
                "Net promoter score from consumers' feedback",
                s -> orNaN(s.satisfaction().nps()));
    }

    private void gauge(String name, String description, ToDoubleFunction<MeshHealth.Signals> value) {
        Gauge.builder(name, this, m -> m.current(value))
                .description(description)
                .register(registry);
    }

    private double current(ToDoubleFunction<MeshHealth.Signals> value) {
        return value.applyAsDouble(MeshHealth.of("overall", List.copyOf(index.summaries())));
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }
}
