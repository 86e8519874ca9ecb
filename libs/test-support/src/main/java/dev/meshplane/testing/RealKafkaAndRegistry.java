package dev.meshplane.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: {@code @QuarkusTestResource(RealKafkaAndRegistry.class)} gives a {@code @QuarkusTest} a real
 * broker and registry and points the Kafka connector and the Apicurio serdes at them. Dev Services stay off (there is
 * no container engine to give them), see each service's {@code application.properties}.
 */
public class RealKafkaAndRegistry implements QuarkusTestResourceLifecycleManager {

    private TestPlatform platform;

    @Override
    public Map<String, String> start() {
        platform = TestPlatform.start();
        return Map.of(
                "kafka.bootstrap.servers", platform.bootstrap(),
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", platform.registryUrl(),
                "meshplane.registry-url", platform.registryUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(platform, new TestInjector.MatchesType(TestPlatform.class));
    }

    @Override
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
