package dev.meshplane.catalog.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.client.ClientConfigs;

/** Wires the catalog topology to the registry-backed Avro serdes and the in-memory indexes. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @ApplicationScoped
    CatalogIndex index() {
        return new CatalogIndex();
    }

    @Produces
    Topology topology(CatalogConfig config, CatalogIndex index) {
        CatalogTopology.InputSerdes serdes = new CatalogTopology.InputSerdes(
                avro(config), avro(config), avro(config), avro(config), avro(config), avro(config));
        return CatalogTopology.build(serdes, new ObjectMapperSerde<>(ProductView.class), index::update);
    }

    private static <T extends SpecificRecord> Serde<T> avro(CatalogConfig config) {
        return ClientConfigs.avroSerde(config.registryUrl(), false);
    }
}
