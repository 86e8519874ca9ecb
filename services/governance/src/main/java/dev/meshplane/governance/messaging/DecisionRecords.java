package dev.meshplane.governance.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.meshplane.client.DeadLetter;
import dev.meshplane.client.DeadLetters;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRevoked;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.governance.access.AccessEvents;
import dev.meshplane.governance.access.AccessKeys;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.registry.AvroValues;
import dev.meshplane.topics.Topics;

/**
 * The Kafka records of an {@link Outcome}, values already serialized (Apicurio, each topic's value artifact), so the
 * registry is needed before a transaction begins, never inside one. A dead letter ({@link DeadLetters}) keeps the
 * original record's key, carries its bytes as they came when they could not be read (else the request as its own
 * topic's serializer writes it, so it reads like the original), says why and where from in the {@code dead-letter-*}
 * headers (with the broken rules' ids in {@code dead-letter-rule}), and is cut to {@code maxBytes} so the decision
 * log can always write it: a dead letter above the producer's {@code max.request.size} would fail every try.
 */
final class DecisionRecords {

    private final AvroValues values;
    private final int maxBytes;

    DecisionRecords(String registryUrl, int maxBytes) {
        this.values = new AvroValues(registryUrl);
        this.maxBytes = maxBytes;
    }

    /** @throws DependencyUnavailableException when a value cannot be serialized (the registry is away) */
    List<Message<byte[]>> of(IncomingKafkaRecordMetadata<?, ?> in, Outcome outcome) {
        List<Message<byte[]>> records = new ArrayList<>();
        if (outcome instanceof Outcome.Decided decided) {
            String key = decided.decision().getProductId();
            if (decided.product() != null) {
                String topic = Topics.PRODUCTS.name();
                records.add(record(topic, key, serialize(topic, decided.product()), new RecordHeaders()));
            }
            String topic = Topics.GOVERNANCE_DECISIONS.name();
            records.add(record(topic, key, serialize(topic, decided.decision()), new RecordHeaders()));
            if (decided.product() != null) {
                records.addAll(grants(decided));
            }
        } else if (outcome instanceof Outcome.DeadLetter dead) {
            DeadLetter letter = deadLetter(in, dead);
            String key = letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8);
            records.add(record(Topics.DEAD_LETTERS.name(), key, letter.value(), letter.headers()));
        }
        return records;
    }

    /**
     * The access the accepted version's allow list gives ({@code spec.access.allow}): a grant per allowed team on
     * {@code mesh.access.grants} (compacted, keyed {@code productId|team}), and for every team the previous version
     * allowed and this one does not, a tombstone there and an {@link AccessRevoked} on {@code mesh.access.revocations}.
     * The broker's ACLs follow the grants ({@code AccessEnforcer}).
     */
    private List<Message<byte[]>> grants(Outcome.Decided decided) {
        DataProductPublished product = decided.product();
        String productId = product.getProductId();
        Set<String> allowed = DescriptorEvents.allowedTeams(product.getDescriptor());
        String publisher = decided.decision().getPublisher(); // null with identity checks off
        String by = "descriptor " + product.getVersion() + (publisher == null ? "" : " (" + publisher + ")");
        List<Message<byte[]>> out = new ArrayList<>();
        String grants = Topics.ACCESS_GRANTS.name();
        for (String team : allowed) {
            AccessGranted grant =
                    AccessEvents.granted(productId, team, product.getRequestId(), by, product.getPublishedAt(), null);
            out.add(record(grants, AccessKeys.of(productId, team), serialize(grants, grant), new RecordHeaders()));
        }
        String revocations = Topics.ACCESS_REVOCATIONS.name();
        for (String team : new TreeSet<>(decided.previouslyAllowed())) {
            if (!allowed.contains(team)) {
                String key = AccessKeys.of(productId, team);
                out.add(record(grants, key, null, new RecordHeaders()));
                AccessRevoked revoked = AccessEvents.revoked(
                        productId,
                        team,
                        by,
                        "version " + product.getVersion() + " no longer allows team " + team,
                        product.getPublishedAt());
                out.add(record(revocations, key, serialize(revocations, revoked), new RecordHeaders()));
            }
        }
        return out;
    }

    private DeadLetter deadLetter(IncomingKafkaRecordMetadata<?, ?> in, Outcome.DeadLetter dead) {
        DeadLetters.Builder builder = DeadLetters.of(in.getTopic(), in.getPartition(), in.getOffset())
                .key(in.getKey() instanceof String k ? k : null)
                .reason(dead.reason())
                .maxBytes(maxBytes);
        dead.rules().forEach(builder::rule);
        if (dead.valueDropped()) {
            builder.dropValue();
        }
        byte[] original = dead.unreadable() != null ? dead.unreadable() : serialize(in.getTopic(), dead.request());
        return builder.value(original).build();
    }

    private byte[] serialize(String topic, SpecificRecord value) {
        return values.serialize(topic, value);
    }

    private static Message<byte[]> record(String topic, String key, byte[] value, Headers headers) {
        return Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic)
                        .withKey(key)
                        .withHeaders(headers)
                        .build());
    }
}
