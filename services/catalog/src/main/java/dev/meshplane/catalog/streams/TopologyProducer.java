package dev.meshplane.catalog.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.streams.AvroSerdes;
import dev.meshplane.streams.StateFolderCheck;

/** Wires the catalog topology to the registry-backed Avro serdes and the in-memory indexes. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @ApplicationScoped
    CatalogIndex index() {
        return new CatalogIndex();
    }

    /** The catalog only reads: none of its serdes registers a schema. */
    @Produces
    Topology topology(CatalogConfig config, CatalogIndex index, Config settings, ObjectMapper json) {
        if (config.stateFolderCheck()) {
            // before Kafka Streams opens the folder: another cluster's state refused, another layout's set aside
            StateFolderCheck.run(settings, CatalogTopology.STATE_LAYOUT);
        }
        String registry = config.registryUrl();
        CatalogTopology.InputSerdes serdes = new CatalogTopology.InputSerdes(
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry),
                AvroSerdes.forReading(registry));
        return CatalogTopology.build(
                serdes,
                new ObjectMapperSerde<>(ProductView.class, viewMapper(json)),
                index,
                new EventTimeWindow(
                        config.eventTime().maxPast(), config.eventTime().maxFuture()),
                config.unknownProductHold());
    }

    /**
     * The application's JSON settings, without canonical field names: a view's maps are keyed by alert and check ids,
     * new names in nearly every view, and a symbol table that keeps every name seen is copied and grown on each read
     * (measured: most of the time of reading 100,000 views back at start).
     */
    static ObjectMapper viewMapper(ObjectMapper json) {
        return json.copyWith(JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build());
    }
}
