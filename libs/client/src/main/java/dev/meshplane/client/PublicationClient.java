package dev.meshplane.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.topics.Topics;

/**
 * Publishes data products and waits for governance's decision. The decision consumer is positioned at the end of
 * {@code mesh.governance.decisions} before the request is sent, so it sees the answer however fast it comes.
 */
public final class PublicationClient implements AutoCloseable {

    private final String bootstrap;
    private final String registryUrl;
    private final KafkaProducer<String, PublicationRequested> producer;
    private final KafkaConsumer<String, PolicyDecided> consumer;
    private final SkippingPoller<String, PolicyDecided> decisions;
    private final List<TopicPartition> decisionPartitions;

    /** Skipped unreadable decisions are logged ({@link SkippingPoller#logWarnings()}). */
    public PublicationClient(String bootstrap, String registryUrl) {
        this(bootstrap, registryUrl, KafkaAuth.none(), SkippingPoller.logWarnings());
    }

    /** A client of a broker that authenticates its clients ({@code auth}). */
    public PublicationClient(String bootstrap, String registryUrl, KafkaAuth auth) {
        this(bootstrap, registryUrl, auth, SkippingPoller.logWarnings());
    }

    /** {@code warnings} gets a line for every unreadable decision record stepped over while waiting. */
    public PublicationClient(String bootstrap, String registryUrl, KafkaAuth auth, Consumer<String> warnings) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        checkBroker(auth);
        checkRegistry();
        Map<String, Object> p = auth.applyTo(ClientConfigs.avroProducer(bootstrap, registryUrl));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p);
        Map<String, Object> c = auth.applyTo(ClientConfigs.avroConsumer(bootstrap, registryUrl, null));
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(c);
        this.decisions = new SkippingPoller<>(consumer, warnings);
        this.decisionPartitions =
                consumer.partitionsFor(Topics.GOVERNANCE_DECISIONS.name(), Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
        consumer.assign(decisionPartitions);
    }

    /** A request for {@code product}, with a fresh request id. */
    public static PublicationRequested request(DataProduct product, String requestedBy, String sourceFile) {
        return PublicationRequested.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setProductId(product.id().toString())
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setRequestedBy(requestedBy)
                .setDescriptor(DescriptorEvents.toEvent(product))
                .setSourceFile(sourceFile)
                .build();
    }

    /** Sends the request and waits for its decision; empty when none came within {@code timeout}. */
    public Optional<PolicyDecided> publish(PublicationRequested request, Duration timeout) {
        return publish(request, null, timeout);
    }

    /**
     * As {@link #publish(PublicationRequested, Duration)}, with the publisher's access token, which governance
     * verifies to know who publishes (header {@link Topics#CREDENTIAL_HEADER}); null sends none.
     */
    public Optional<PolicyDecided> publish(PublicationRequested request, String credential, Duration timeout) {
        positionAtEnd();
        send(request, credential);
        return awaitDecision(request.getRequestId(), timeout);
    }

    /** Sends without waiting for the decision (acknowledged by the broker). */
    public void send(PublicationRequested request) {
        send(request, null);
    }

    /** Sends with the publisher's access token (null: none), without waiting for the decision. */
    public void send(PublicationRequested request, String credential) {
        sendAll(List.of(request), credential);
    }

    /**
     * Sends every request at once, with the publisher's access token (null: none), and returns when the broker has
     * acknowledged them all; the decisions are not waited for.
     */
    public void sendAll(List<PublicationRequested> requests, String credential) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (PublicationRequested request : requests) {
            ProducerRecord<String, PublicationRequested> record =
                    new ProducerRecord<>(Topics.PUBLICATIONS_REQUESTED.name(), request.getProductId(), request);
            if (credential != null) {
                record.headers().add(Topics.CREDENTIAL_HEADER, credential.getBytes(StandardCharsets.UTF_8));
            }
            sent.add(producer.send(record));
        }
        try {
            for (Future<RecordMetadata> one : sent) {
                one.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new PlatformUnreachableException(
                    "could not send the request to " + bootstrap + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnreachableException("interrupted while sending");
        }
    }

    /** Moves the decision reader to the end of the topic: only decisions made from now on are seen. */
    public void positionAtEnd() {
        consumer.seekToEnd(decisionPartitions);
        decisionPartitions.forEach(consumer::position);
    }

    /** Moves the decision reader to the start of the topic: every retained decision is seen. */
    public void positionAtStart() {
        consumer.seekToBeginning(decisionPartitions);
    }

    public Optional<PolicyDecided> awaitDecision(String requestId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, PolicyDecided> r : decisions.poll(Duration.ofMillis(100))) {
                if (r.value() != null && requestId.equals(r.value().getRequestId())) {
                    return Optional.of(r.value());
                }
            }
        }
        return Optional.empty();
    }

    /** Every decision for {@code requestId} on the topic, read from the start until {@code quiet} passes without any. */
    public List<PolicyDecided> allDecisions(String requestId, Duration quiet) {
        positionAtStart();
        List<PolicyDecided> found = new java.util.ArrayList<>();
        long idleUntil = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < idleUntil) {
            var records = decisions.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                idleUntil = System.nanoTime() + quiet.toNanos();
            }
            for (ConsumerRecord<String, PolicyDecided> r : records) {
                if (r.value() != null && requestId.equals(r.value().getRequestId())) {
                    found.add(r.value());
                }
            }
        }
        return found;
    }

    private void checkBroker(KafkaAuth auth) {
        Map<String, Object> config = auth.applyTo(new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000)));
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw new PlatformUnreachableException("the Kafka broker at " + bootstrap + " refused this client: "
                        + refused.getMessage() + (auth.isNone() ? " (it requires a login: run 'mesh login')" : ""));
            }
            throw unreachable(auth);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(auth);
        } catch (RuntimeException | TimeoutException e) {
            throw unreachable(auth);
        }
    }

    private PlatformUnreachableException unreachable(KafkaAuth auth) {
        // a client without credentials at a broker that wants them sees only dropped connections, like no broker
        String hint = auth.isNone() ? "; if it requires authentication, log in first (mesh login)" : "";
        return new PlatformUnreachableException("the Kafka broker at " + bootstrap + " is not reachable: start the"
                + " platform with 'deploy/local/platform up' (or pass --bootstrap HOST:PORT)" + hint);
    }

    private void checkRegistry() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl.replaceAll("/+$", "") + "/system/info"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            int status = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PlatformUnreachableException(
                    "the schema registry at " + registryUrl + " is not reachable (" + e.getMessage()
                            + "): start the platform with 'deploy/local/platform up' (or pass --registry URL)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnreachableException("interrupted while checking the registry");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
