package dev.meshplane.freshness.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.freshness.config.FreshnessConfig;

/** Wires the freshness topology to the registry-backed Avro serdes. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology(FreshnessConfig config) {
        return FreshnessTopology.build(
                new FreshnessTopology.EventSerdes(
                        ClientConfigs.avroSerde(config.registryUrl(), false),
                        ClientConfigs.avroSerde(config.registryUrl(), false),
                        ClientConfigs.avroSerde(config.registryUrl(), true),
                        ClientConfigs.avroSerde(config.registryUrl(), true)),
                config.freshnessTick());
    }
}
