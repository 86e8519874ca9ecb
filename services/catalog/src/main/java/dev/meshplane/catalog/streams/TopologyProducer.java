package dev.meshplane.catalog.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.streams.AvroSerdes;

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
    Topology topology(CatalogConfig config, CatalogIndex index) {
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
                AvroSerdes.forReading(registry));
        return CatalogTopology.build(
                serdes,
                new ObjectMapperSerde<>(ProductView.class),
                index,
                new EventTimeWindow(
                        config.eventTime().maxPast(), config.eventTime().maxFuture()),
                config.unknownProductHold());
    }
}
