package dev.meshplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.launcher.ApicurioRegistry;
import dev.meshplane.launcher.BrokerSecurity;
import dev.meshplane.launcher.KafkaBroker;
import dev.meshplane.launcher.Keycloak;
import dev.meshplane.launcher.ManagedProcess;
import dev.meshplane.launcher.PlatformAcls;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.launcher.ServiceLauncher;
import dev.meshplane.launcher.TopicProvisioner;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * A real Kafka broker and a real Apicurio Registry for one test run, on free loopback ports, with fresh state (a
 * shared long-lived broker leaks Streams state between runs). Both are child processes started by the same code as
 * {@code deploy/local/platform}; the distributions come from {@code deploy/local/dist/target/dist}, laid out by Maven.
 *
 * <p>Set {@code MESH_TEST_BOOTSTRAP} and {@code MESH_TEST_REGISTRY_URL} to run against a broker and registry started
 * elsewhere (compose, a cluster) instead. With {@code -Dmeshplane.it.keep-logs=true} the platform's folder (every
 * process's log, the services' state) is left under {@code target/it-platform-*} when it stops.
 *
 * <p>The identity provider (Keycloak with the seeded realm) is opt-in: {@link #startIdentity}.
 */
public final class TestPlatform implements AutoCloseable {

    private final String bootstrap;
    private final String registryUrl;
    /** The brokers by node id, as started (a killed one is replaced by {@link #restartBroker}). */
    private final Map<Integer, ManagedProcess> brokers = new java.util.TreeMap<>();

    private final KafkaBroker.Cluster cluster;
    private final ManagedProcess registry;
    private final Path workDir;
    private final BrokerSecurity security;
    private final List<ManagedProcess> services = new ArrayList<>();
    private IdentityProvider identity;

    private TestPlatform(
            String bootstrap,
            String registryUrl,
            KafkaBroker.Cluster cluster,
            List<ManagedProcess> brokers,
            ManagedProcess registry,
            Path workDir,
            BrokerSecurity security) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.cluster = cluster;
        if (cluster != null) {
            for (int i = 0; i < brokers.size(); i++) {
                this.brokers.put(cluster.nodes().get(i).id(), brokers.get(i));
            }
        }
        this.registry = registry;
        this.workDir = workDir;
        this.security = security;
    }

    /**
     * The platform as {@code deploy/local/platform up} runs it: the identity provider ({@link #startIdentity}) first,
     * then a broker that takes only the provider's tokens and denies what the platform's ACLs ({@link PlatformAcls},
     * the seeded pipelines' included) do not allow, then the registry. Services started on it authenticate as their
     * own service accounts. The test's own clients ({@link #harnessClient}, {@link #publish}, {@link #subscriber},
     * {@link #sendRaw}, {@link #awaitDeadLetters}) use the operator's listener, so they see and write anything; a test
     * that acts as a person or a pipeline uses {@link #bootstrap} with {@link KafkaAuth#bearer}.
     */
    public static TestPlatform startSecured() {
        return startSecured(1);
    }

    /**
     * {@link #startSecured()} on a cluster of {@code brokers} KRaft nodes (three replicas and {@code
     * min.insync.replicas=2} from three on, as {@code deploy/local/platform up --brokers 3}).
     */
    public static TestPlatform startSecured(int brokers) {
        IdentityProvider identity = sharedIdentity();
        KafkaBroker.Cluster cluster = newCluster(brokers);
        TestPlatform platform = start(
                cluster,
                new BrokerSecurity(identity.issuer(), cluster.operatorBootstrap(), BrokerSecurity.randomPassword()));
        platform.identity = identity;
        return platform;
    }

    private static KafkaBroker.Cluster newCluster(int brokers) {
        List<KafkaBroker.Node> nodes = new ArrayList<>();
        for (int id = 1; id <= brokers; id++) {
            nodes.add(new KafkaBroker.Node(id, freePort(), freePort(), freePort()));
        }
        return new KafkaBroker.Cluster(KafkaBroker.newClusterId(), nodes);
    }

    /** {@link #start()} on a cluster of {@code brokers} KRaft nodes, without identity (plaintext, no ACLs). */
    public static TestPlatform start(int brokers) {
        return start(newCluster(brokers), null);
    }

    public static TestPlatform start() {
        String externalBootstrap = System.getenv("MESH_TEST_BOOTSTRAP");
        String externalRegistry = System.getenv("MESH_TEST_REGISTRY_URL");
        if (externalBootstrap != null && externalRegistry != null) {
            TopicProvisioner.createAll(externalBootstrap, 3);
            return new TestPlatform(externalBootstrap, externalRegistry, null, List.of(), null, null, null);
        }
        return start(newCluster(1), null);
    }

    private static TestPlatform start(KafkaBroker.Cluster cluster, BrokerSecurity security) {
        Path dist = Path.of(System.getProperty("meshplane.platform.dist", "../../deploy/local/dist/target/dist"));
        Path workDir = Path.of(
                        "target", "it-platform-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        List<ManagedProcess> kafka = List.of();
        ManagedProcess registry = null;
        try {
            int registryPort = freePort();
            kafka = KafkaBroker.start(dist, workDir.resolve("kafka"), workDir, cluster, "384m", "WARN", security);
            registry = ApicurioRegistry.start(dist, workDir, null, registryPort, freePort());
            String bootstrap = cluster.bootstrap();
            Map<String, Object> operator = security == null
                    ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)
                    : security.operatorClient();
            for (ManagedProcess broker : kafka) {
                broker.awaitReady(
                        () -> KafkaBroker.isReady(operator, cluster.nodes().size()), KafkaBroker.readyTimeout());
            }
            TopicProvisioner.createAll(operator, 3);
            if (security != null) {
                PlatformAcls.apply(operator, PlatformAcls.table(PlatformAcls.SEEDED_PIPELINE_DOMAINS));
            }
            for (int attempt = 1; ; attempt++) {
                int port = registryPort;
                try {
                    registry.awaitReady(() -> ApicurioRegistry.isReady(port), ApicurioRegistry.readyTimeout());
                    break;
                } catch (IllegalStateException e) {
                    // Seen in CI: a port found free was taken before the registry bound it ("Address already in
                    // use", its HTTP or management port). The start is retried on new ports; anything else fails.
                    registry.stop(Duration.ofSeconds(5));
                    registry = null;
                    if (attempt == 3 || !tookPort(workDir.resolve("registry.log"))) {
                        throw e;
                    }
                    registryPort = freePort();
                    registry = ApicurioRegistry.start(dist, workDir, null, registryPort, freePort());
                }
            }
            TestPlatform platform = new TestPlatform(
                    bootstrap, ApicurioRegistry.apiUrl(registryPort), cluster, kafka, registry, workDir, security);
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "test-platform-stop"));
            return platform;
        } catch (IOException | RuntimeException e) {
            if (registry != null) {
                registry.stop(Duration.ofSeconds(5));
            }
            kafka.forEach(broker -> broker.stop(Duration.ofSeconds(5)));
            throw new IllegalStateException("could not start the test broker and registry: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a built service ({@link PlatformService#jar}) against this broker and registry on a free port, exactly
     * as the local platform does, and waits until it is ready. Stopped with the platform, or earlier with
     * {@link RunningService#kill}. Several calls for one service start several replicas, each with its own instance id
     * and, unless {@code properties} name one, its own Kafka Streams state directory.
     */
    public RunningService startService(PlatformService service, Map<String, String> properties) {
        return start(service, freePort(), properties, Map.of());
    }

    /** Like {@link #startService(PlatformService, Map)}, with {@code secrets} in the process's environment only. */
    public RunningService startService(
            PlatformService service, Map<String, String> properties, Map<String, String> secrets) {
        return start(service, freePort(), properties, secrets);
    }

    /**
     * Starts a killed or stopped replica again: the same service on the same port, hence the same instance id (its
     * consumer group membership, its transactional ids), with the same properties and state directory, as a
     * supervisor restarts a crashed process. Waits until it is ready, like {@link #startService}.
     */
    public RunningService restart(RunningService replica) {
        if (replica.process().handle().isAlive()) {
            throw new IllegalStateException(replica.name() + " is still running: kill or stop it first");
        }
        return start(replica.service(), replica.port(), replica.properties(), replica.secrets());
    }

    private RunningService start(
            PlatformService service, int port, Map<String, String> properties, Map<String, String> secrets) {
        try {
            Path runDir = workDir != null ? workDir : Files.createTempDirectory("mesh-services");
            Map<String, String> settings = new LinkedHashMap<>(properties);
            settings.putIfAbsent(
                    "kafka-streams.state.dir",
                    runDir.resolve("state").resolve(service.instanceId(port)).toString());
            identitySettings(service).forEach(settings::putIfAbsent);
            ManagedProcess process = ServiceLauncher.start(
                    service,
                    service.jar(repositoryRoot()),
                    service.serviceName() + "-" + port,
                    port,
                    bootstrap,
                    registryUrl,
                    settings,
                    runDir,
                    security,
                    Keycloak.localSecret(service.clientId()),
                    secrets);
            services.add(process);
            return new RunningService(service, port, Map.copyOf(settings), Map.copyOf(secrets), process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The identity provider for this platform: Keycloak with the seeded realm ({@code
     * deploy/local/realm/meshplane-realm.json}, imported afresh into memory) on free ports, exactly as the local
     * platform starts its {@code identity} part. One provider serves every platform of the test JVM: it is started by
     * the first call (30-60 s on two cores) and stopped when the JVM exits, since the realm is the same for all and
     * its start is the slowest part of an IT. Tests that change the realm (a client of their own) give what they add
     * a unique name.
     */
    public synchronized IdentityProvider startIdentity() {
        identity = sharedIdentity();
        return identity;
    }

    private static IdentityProvider sharedIdentity;

    private static synchronized IdentityProvider sharedIdentity() {
        if (sharedIdentity != null && sharedIdentity.process().handle().isAlive()) {
            return sharedIdentity;
        }
        Path dist = Path.of(System.getProperty("meshplane.platform.dist", "../../deploy/local/dist/target/dist"));
        int port = freePort();
        ManagedProcess process = null;
        try {
            Path runDir = Files.createTempDirectory("mesh-identity");
            String adminPassword = Keycloak.randomPassword();
            process = Keycloak.start(dist, runDir, port, freePort(), adminPassword);
            process.awaitReady(() -> Keycloak.isReady(port), Keycloak.readyTimeout());
            sharedIdentity = new IdentityProvider(port, process, adminPassword);
            ManagedProcess started = process;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> started.stop(Duration.ofSeconds(10)), "test-identity-stop"));
            return sharedIdentity;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.stop(Duration.ofSeconds(5));
            }
            throw new IllegalStateException("could not start the test identity provider: " + e.getMessage(), e);
        }
    }

    /**
     * What a service is told about identity: with {@link #startIdentity} the provider's issuer (governance, the catalog
     * and alerting verify tokens against it; governance requires them), without it governance runs without identity
     * checks and alerting takes no incident act ({@code meshplane.identity.required=false}), as the ITs that are not
     * about identity expect.
     */
    private Map<String, String> identitySettings(PlatformService service) {
        boolean verifies = service == PlatformService.GOVERNANCE
                || service == PlatformService.CATALOG
                || service == PlatformService.ALERTING;
        if (!verifies) {
            return Map.of();
        }
        if (identity != null) {
            return Map.of("meshplane.identity.issuer", identity.issuer());
        }
        return service == PlatformService.GOVERNANCE || service == PlatformService.ALERTING
                ? Map.of("meshplane.identity.required", "false")
                : Map.of();
    }

    /** The built governance service with the repository's policy file, as {@code deploy/local/platform} runs it. */
    public RunningService startGovernance() {
        return startService(
                PlatformService.GOVERNANCE,
                Map.of(
                        "meshplane.policy-file",
                        repositoryRoot().resolve("policies/mesh-policies.yaml").toString()));
    }

    /**
     * The repository the tests run in, from the {@code meshplane.root} system property the build sets (the directory
     * Maven was started in).
     */
    public static Path repositoryRoot() {
        String root = System.getProperty("meshplane.root");
        if (root == null) {
            throw new IllegalStateException("system property meshplane.root is not set: run the tests through Maven");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /**
     * Publishes a descriptor through governance exactly as {@code mesh publish} does and returns the decision. With the
     * identity provider started, the request carries the token of the product's domain pipeline ({@code
     * pipeline-<domain>} of the seeded realm), so governance's identity check passes as it would for that pipeline.
     */
    public PolicyDecided publish(String yaml) {
        if (identity == null) {
            return publish(yaml, null);
        }
        String domain = DescriptorParser.parse("test.yaml", yaml)
                .product()
                .map(p -> p.metadata().domain())
                .orElseThrow(() -> new IllegalArgumentException("not a valid descriptor:\n" + yaml));
        String pipeline = "pipeline-" + domain;
        return publish(yaml, identity.clientToken(pipeline, Keycloak.localSecret(pipeline)));
    }

    /**
     * As {@link #publish(String)}, with the publisher's access token ({@link IdentityProvider#token}), which governance
     * verifies; null sends none.
     */
    public PolicyDecided publish(String yaml, String credential) {
        DataProduct product = DescriptorParser.parse("test.yaml", yaml)
                .product()
                .orElseThrow(() -> new IllegalArgumentException("not a valid descriptor:\n" + yaml));
        // A deadline for a lost decision, not a speed target: seen in CI, 30 s was not enough for the first decision
        // of a governance service that had just started on a busy machine (its consumer group still joining).
        try (PublicationClient client = new PublicationClient(harnessBootstrap(), registryUrl, harnessAuth())) {
            return client.publish(
                            PublicationClient.request(product, "test", "test.yaml"), credential, Duration.ofSeconds(90))
                    .orElseThrow(() -> new IllegalStateException("no decision within 90 s for " + product.id()));
        }
    }

    /**
     * A replica started by {@link #startService}: the service, its port, the properties and the environment secrets it
     * was started with.
     */
    public record RunningService(
            PlatformService service,
            int port,
            Map<String, String> properties,
            Map<String, String> secrets,
            ManagedProcess process) {

        public String name() {
            return service.serviceName();
        }

        public String url() {
            return ServiceLauncher.url(port);
        }

        /** SIGKILL: the hardest way a service can go. */
        public void kill() {
            process.handle().destroyForcibly();
            process.handle().onExit().join();
        }
    }

    /** The broker cluster; null on an external one ({@code MESH_TEST_BOOTSTRAP}). */
    public KafkaBroker.Cluster cluster() {
        return cluster;
    }

    /** SIGKILLs broker {@code nodeId}, as a machine that dies would leave it. */
    public synchronized void killBroker(int nodeId) {
        ManagedProcess broker = brokers.get(nodeId);
        broker.handle().destroyForcibly();
        broker.handle().onExit().join();
    }

    /** Starts broker {@code nodeId} again with its data, and waits until the cluster counts it again. */
    public synchronized void restartBroker(int nodeId) {
        KafkaBroker.Node node = cluster.nodes().stream()
                .filter(n -> n.id() == nodeId)
                .findFirst()
                .orElseThrow();
        Path dist = Path.of(System.getProperty("meshplane.platform.dist", "../../deploy/local/dist/target/dist"));
        try {
            ManagedProcess broker = KafkaBroker.start(
                    dist,
                    KafkaBroker.nodeDir(workDir.resolve("kafka"), cluster, node),
                    workDir,
                    cluster,
                    node,
                    "384m",
                    "WARN",
                    security);
            broker.awaitReady(
                    () -> KafkaBroker.isReady(harnessClient(), cluster.nodes().size()), KafkaBroker.readyTimeout());
            brokers.put(nodeId, broker);
        } catch (IOException e) {
            throw new IllegalStateException("could not restart broker " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** Writes raw bytes to a topic, as a broken producer would. */
    public void sendRaw(String topic, String key, byte[] value) {
        Map<String, Object> config = harnessClient();
        config.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        config.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(config)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    /** A new subscriber of {@code topic} in a group of its own, reading from the beginning: an alert consumer. */
    public <V> KafkaConsumer<String, V> subscriber(MeshTopic<V> topic) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(harnessAuth()
                .applyTo(ClientConfigs.avroConsumer(
                        harnessBootstrap(), registryUrl, "subscriber-" + UUID.randomUUID())));
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** Polls {@code subscriber} into {@code seen} until it holds at least {@code count} values, for at most {@code atMost}. */
    public static <V> void awaitValues(KafkaConsumer<String, V> subscriber, List<V> seen, int count, Duration atMost) {
        Awaitility.await().pollInSameThread().atMost(atMost).until(() -> {
            subscriber.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
            return seen.size() >= count;
        });
    }

    /** The topic a dead-letter record came from (its {@code dead-letter-topic} header), or null. */
    public static String deadLetterSource(ConsumerRecord<?, ?> record) {
        Header h = record.headers().lastHeader(Topics.DLQ_SOURCE_TOPIC_HEADER);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The dead-letter records matching {@code match}: waits until one arrives (at most {@code timeout}), then reads
     * two seconds more so a duplicate copy would be seen too.
     */
    public List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> awaitDeadLetters(
            java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> match,
            Duration timeout) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Map<String, Object> config = harnessClient();
        config.put("group.id", "dead-letter-reader-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        config.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(dev.meshplane.topics.Topics.DEAD_LETTERS.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
                if (!found.isEmpty() && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return found;
    }

    /** The broker's listener for services, the CLI, pipelines and people (authenticated on a secured platform). */
    public String bootstrap() {
        return bootstrap;
    }

    /** Whether this platform's broker authenticates and authorizes ({@link #startSecured}). */
    public boolean secured() {
        return security != null;
    }

    /**
     * Settings (bootstrap and authentication) for the test's own observing and injecting clients: on a secured
     * platform the operator's, who bypasses the ACLs; otherwise just the bootstrap. A new mutable map each call.
     */
    public Map<String, Object> harnessClient() {
        return security == null
                ? new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))
                : new HashMap<>(security.operatorClient());
    }

    /** The bootstrap of {@link #harnessClient}. */
    public String harnessBootstrap() {
        return security == null ? bootstrap : security.operatorBootstrap();
    }

    /** The authentication of {@link #harnessClient}, for {@link ClientConfigs} maps. */
    public KafkaAuth harnessAuth() {
        return KafkaAuth.copiedFrom(harnessClient());
    }

    /** The broker's security, for tests about it; null on a platform that is not secured. */
    public BrokerSecurity security() {
        return security;
    }

    /** The registry's v3 API, e.g. {@code http://127.0.0.1:41234/apis/registry/v3}. */
    public String registryUrl() {
        return registryUrl;
    }

    @Override
    public synchronized void close() {
        for (ManagedProcess service : services) {
            if (service.handle().isAlive()) {
                service.stop(Duration.ofSeconds(10));
            }
        }
        if (registry != null && registry.handle().isAlive()) {
            registry.stop(Duration.ofSeconds(10));
        }
        brokers.values().forEach(b -> b.handle().destroy()); // together: a node left without a quorum waits for it
        for (ManagedProcess broker : brokers.values()) {
            if (broker.handle().isAlive()) {
                broker.stop(Duration.ofSeconds(10));
            }
        }
        // The identity provider is the JVM's, shared with the next platform (startIdentity): not stopped here.
        if (workDir != null && Files.isDirectory(workDir) && !Boolean.getBoolean("meshplane.it.keep-logs")) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: target/ is cleaned by the next build anyway
            }
        }
    }

    /**
     * A port nothing listens on, below Linux's ephemeral range (32768-60999). A port the kernel hands out for
     * {@code new ServerSocket(0)} comes from that range, where every outgoing connection of the tests' clients takes
     * its local port too: one of them took a port picked for the registry before it bound it (seen in CI,
     * "Address already in use").
     */
    /** Whether a process's log says it could not bind a port another process holds. */
    private static boolean tookPort(Path log) {
        try {
            return Files.isRegularFile(log) && Files.readString(log).contains("Address already in use");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port free now, below the kernel's ephemeral range (32768 up), so no outgoing connection takes it before the
     * part binds it.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException e) {
                // taken: try another one
            }
        }
        throw new UncheckedIOException(new IOException("no free port between 20000 and 31999"));
    }
}
