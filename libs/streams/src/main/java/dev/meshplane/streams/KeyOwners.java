package dev.meshplane.streams;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import dev.meshplane.http.ApiProblem;

/**
 * Reads answered by whichever replica receives them: a key's state lives in one replica's stores (the task of its
 * partition), so a replica asked for a key another one holds forwards the request there and returns its answer.
 * Kafka Streams knows which replica that is from each one's {@code application.server}
 * ({@code kafka-streams.application.server}: the replica's own HTTP address). A forwarded request carries
 * {@value #FORWARDED_HEADER} and is answered where it lands, so it never travels twice; while the group rebalances
 * and nobody holds the key yet, the receiving replica answers from its own stores (a 503 with {@code Retry-After}
 * when they are not ready).
 */
public final class KeyOwners {

    /** Marks a request one replica forwarded to another; its value names the sender. */
    public static final String FORWARDED_HEADER = "Meshplane-Forwarded-By";

    /** On a forwarded answer: the replica ({@code host:port}) that answered it. */
    public static final String ANSWERED_BY_HEADER = "Meshplane-Answered-By";

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;

    /** @param applicationServer this replica's {@code host:port}, as given to Kafka Streams */
    public KeyOwners(KafkaStreams streams, String applicationServer) {
        this.streams = streams;
        this.self = HostInfo.buildFromEndpoint(applicationServer);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * The answer of the replica that holds {@code key} in {@code store} to a GET of {@code pathAndQuery}, when that is
     * another replica; empty when this one should answer (it holds the key, or nobody does right now).
     */
    public Optional<Response> fromOwner(String store, String key, String pathAndQuery) {
        return elsewhere(store, key).map(owner -> forward(owner, pathAndQuery));
    }

    /**
     * The replica whose active task holds {@code key} in {@code store}, when it is another one than this; empty when
     * it is this replica, or when nobody holds it right now (starting, rebalancing).
     */
    public Optional<HostInfo> elsewhere(String store, String key) {
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            return Optional.empty(); // not running yet: the local read says so (503)
        }
        HostInfo active = owner == null ? null : owner.activeHost();
        if (active == null || active.equals(HostInfo.unavailable()) || active.equals(self)) {
            return Optional.empty();
        }
        return Optional.of(active);
    }

    /**
     * The answer of {@code owner} to a GET of {@code pathAndQuery} (raw, as received): its status, content type and
     * body. A replica that does not answer is a 503 with {@code Retry-After}: the group moves its tasks to the others
     * within the session timeout.
     */
    public Response forward(HostInfo owner, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(TIMEOUT)
                .header(FORWARDED_HEADER, self.host() + ":" + self.port())
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder out = Response.status(answer.statusCode())
                    .entity(answer.body())
                    .header(ANSWERED_BY_HEADER, owner.host() + ":" + owner.port());
            answer.headers().firstValue("Content-Type").ifPresent(t -> out.header("Content-Type", t));
            answer.headers().firstValue("Retry-After").ifPresent(t -> out.header("Retry-After", t));
            return out.build();
        } catch (IOException e) {
            return unavailable(owner, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(owner, "interrupted");
        }
    }

    private static Response unavailable(HostInfo owner, String why) {
        return ApiProblem.of(
                        503,
                        "the replica that holds this product (" + owner.host() + ":" + owner.port()
                                + ") did not answer (" + why + "); the service moves its work to the other replicas"
                                + " within seconds: retry in " + StoreNotReadyMapper.RETRY_AFTER_SECONDS + " seconds")
                .response()
                .header("Retry-After", StoreNotReadyMapper.RETRY_AFTER_SECONDS)
                .build();
    }
}
