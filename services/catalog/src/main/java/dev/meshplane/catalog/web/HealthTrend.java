package dev.meshplane.catalog.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.MeshHealth;
import dev.meshplane.catalog.domain.ProductSummary;
import dev.meshplane.catalog.health.Replay;

/**
 * The five health signals over time: the replica samples them, overall and per domain, every {@code
 * meshplane.web.health-sample-every} once it has read the topics as far as they reached at its start, keeps the latest
 * {@code meshplane.web.health-samples}, and writes them to {@value #FILE} in its state folder, so a restart keeps the
 * trend. A new replica starts its own trend.
 */
@ApplicationScoped
public class HealthTrend {

    static final String FILE = "health-trend.json";
    /** Domains sampled: the largest, when a mesh has more. */
    static final int MAX_SCOPES = 200;

    private static final Logger LOG = Logger.getLogger(HealthTrend.class);

    /**
     * One sample: per scope ({@code overall} or a domain), the five signals: ownership share, publication p50 (ms),
     * NPS, mean 30-day compliance and cross-domain share of inputs; null where the signal has no value yet.
     */
    public record Sample(long at, Map<String, Double[]> scopes) {}

    private final CatalogIndex index;
    private final Replay replay;
    private final CatalogConfig.Web config;
    private final ObjectMapper json;
    private final Path file;
    private final List<Sample> samples = new ArrayList<>();
    private ScheduledExecutorService timer;

    public HealthTrend(
            CatalogIndex index,
            Replay replay,
            CatalogConfig config,
            ObjectMapper json,
            @ConfigProperty(name = "kafka-streams.state.dir") String stateDir) {
        this.index = index;
        this.replay = replay;
        this.config = config.web();
        this.json = json;
        this.file = Path.of(stateDir, FILE);
    }

    void onStart(@Observes StartupEvent event) {
        load();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-health-trend");
            t.setDaemon(true);
            return t;
        });
        long every = config.healthSampleEvery().toMillis();
        timer.scheduleWithFixedDelay(this::sampleWhenReady, Math.min(every, 5_000), every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    long every() {
        return config.healthSampleEvery().toMillis();
    }

    /** Oldest first. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void sampleWhenReady() {
        try {
            if (replay.caughtUp()) {
                sample(System.currentTimeMillis());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "health trend: sample not taken");
        }
    }

    void sample(long now) {
        Collection<ProductSummary> all = List.copyOf(index.summaries());
        Map<String, List<ProductSummary>> byDomain = CatalogIndex.byDomain(all);
        Map<String, Double[]> scopes = new LinkedHashMap<>();
        scopes.put("overall", signals(MeshHealth.of("overall", all, now)));
        byDomain.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<ProductSummary>> e) ->
                                e.getValue().size())
                        .reversed())
                .limit(MAX_SCOPES)
                .forEach(e -> scopes.put(e.getKey(), signals(MeshHealth.of(e.getKey(), e.getValue(), now))));
        synchronized (this) {
            samples.add(new Sample(now, scopes));
            while (samples.size() > config.healthSamples()) {
                samples.remove(0);
            }
        }
        save();
    }

    static Double[] signals(MeshHealth.Signals s) {
        return new Double[] {
            s.ownership().share(),
            s.velocity().p50Millis() == null ? null : s.velocity().p50Millis().doubleValue(),
            s.satisfaction().nps(),
            s.sla().meanCompliance30d(),
            s.crossDomain().share()
        };
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Sample[] read = json.readValue(file.toFile(), Sample[].class);
            synchronized (this) {
                samples.clear();
                samples.addAll(List.of(read));
            }
            LOG.infof("health trend: %d samples read from %s", read.length, file);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("health trend: %s could not be read (%s); the trend starts again", file, e.getMessage());
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            json.writeValue(tmp.toFile(), samples());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("health trend: %s not written (%s); the samples stay in memory", file, e.getMessage());
        }
    }
}
