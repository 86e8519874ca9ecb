package dev.meshplane.catalog.streams;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductView;

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
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(
                Map.of(SerdeConfig.REGISTRY_URL, config.registryUrl(), AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true),
                false);
        return serde;
    }
}
