package dev.meshplane.topics;

import java.util.List;

import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AccessRevoked;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.PipelineWatermark;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.QualityResultReported;

/**
 * Every platform topic, once. Services, the CLI, the local platform and the tests use these constants, never string
 * literals, so a topic is renamed in one place.
 */
public final class Topics {

    public static final MeshTopic<PublicationRequested> PUBLICATIONS_REQUESTED = new MeshTopic<>(
            "mesh.publications.requested",
            PublicationRequested.class,
            false,
            "publication requests from the CLI and HTTP");
    public static final MeshTopic<PolicyDecided> GOVERNANCE_DECISIONS = new MeshTopic<>(
            "mesh.governance.decisions", PolicyDecided.class, false, true, "one decision per publication request");
    public static final MeshTopic<DataProductPublished> PRODUCTS = new MeshTopic<>(
            "mesh.products", DataProductPublished.class, true, "the current contract of every accepted product");
    public static final MeshTopic<QualityResultReported> QUALITY_RESULTS = new MeshTopic<>(
            "mesh.quality.results", QualityResultReported.class, false, "metrics of every pipeline run");
    public static final MeshTopic<CheckEvaluated> QUALITY_CHECKS = new MeshTopic<>(
            "mesh.quality.checks", CheckEvaluated.class, false, "outcome of every declared check on every run");
    public static final MeshTopic<AlertStateChanged> QUALITY_ALERTS = new MeshTopic<>(
            "mesh.alerts.quality", AlertStateChanged.class, false, "quality alerts, FIRING and RESOLVED");
    public static final MeshTopic<PipelineWatermark> WATERMARKS = new MeshTopic<>(
            "mesh.pipeline.watermarks", PipelineWatermark.class, true, "where each product's pipeline resumes");
    public static final MeshTopic<FreshnessSignalled> FRESHNESS_SIGNALS = new MeshTopic<>(
            "mesh.freshness.signals", FreshnessSignalled.class, false, "how current each product's data is");
    public static final MeshTopic<FreshnessStatusChanged> FRESHNESS_STATUS = new MeshTopic<>(
            "mesh.freshness.status", FreshnessStatusChanged.class, true, "current freshness status per product");
    public static final MeshTopic<AlertStateChanged> FRESHNESS_ALERTS = new MeshTopic<>(
            "mesh.alerts.freshness", AlertStateChanged.class, false, "freshness SLA alerts, FIRING and RESOLVED");
    /** Keyed by request id; compacted, so a request waiting for its owners is never lost to retention. */
    public static final MeshTopic<AccessRequested> ACCESS_REQUESTS = new MeshTopic<>(
            "mesh.access.requests", AccessRequested.class, true, "requests to consume a product, keyed by request id");
    /** Keyed by request id: at most one answer per request. */
    public static final MeshTopic<AccessDecided> ACCESS_DECISIONS = new MeshTopic<>(
            "mesh.access.decisions", AccessDecided.class, true, "approvals and denials, keyed by request id");
    /** Keyed by {@code productId|team}; a revocation is a tombstone here plus an event on ACCESS_REVOCATIONS. */
    public static final MeshTopic<AccessGranted> ACCESS_GRANTS =
            new MeshTopic<>("mesh.access.grants", AccessGranted.class, true, "current grants, keyed by productId|team");

    public static final MeshTopic<AccessRevoked> ACCESS_REVOCATIONS =
            new MeshTopic<>("mesh.access.revocations", AccessRevoked.class, false, "the audit trail of revoked grants");
    /**
     * Keyed by {@code productId|group}; compacted. Governance's sweeps of the broker's consumer groups: who really
     * reads each product, and when they last read.
     */
    public static final MeshTopic<ConsumerObserved> ACCESS_OBSERVED = new MeshTopic<>(
            "mesh.access.observed",
            ConsumerObserved.class,
            true,
            "consumer groups seen reading a product, keyed by productId|group");

    public static final MeshTopic<ConsumerFeedbackGiven> FEEDBACK = new MeshTopic<>(
            "mesh.feedback", ConsumerFeedbackGiven.class, false, true, "consumers' 0-10 ratings of products");

    /**
     * Keyed by product id: how each delivery of an alert change to a destination ended (delivered, or dead with the
     * reason). The alerting service writes it before committing the alert's offset; the catalog shows the dead ones.
     */
    public static final MeshTopic<AlertDeliveryEnded> ALERT_DELIVERIES = new MeshTopic<>(
            "mesh.alerts.deliveries",
            AlertDeliveryEnded.class,
            false,
            "how each alert delivery ended: delivered, or dead with the reason");

    /**
     * Keyed by product id (so the catalog folds it with the product's other events), kept forever: every change of
     * every incident (opened, acknowledged, snoozed, resolved, notified again), each carrying the whole incident. The
     * alerting service writes it and reads it whole at start; the catalog shows who acknowledged what and when.
     */
    public static final MeshTopic<IncidentChanged> INCIDENTS = new MeshTopic<>(
            "mesh.incidents", IncidentChanged.class, false, true, "every change of every alert's incident");

    /**
     * Records a service could not read or would not apply (they broke an event rule), with the reason in headers;
     * the original bytes where the service has them, cut to a bounded size when too large.
     */
    public static final MeshTopic<byte[]> DEAD_LETTERS = new MeshTopic<>(
            "mesh.deadletter", byte[].class, false, "unreadable or invalid records with the reason in headers");

    public static final List<MeshTopic<?>> ALL = List.of(
            PUBLICATIONS_REQUESTED,
            GOVERNANCE_DECISIONS,
            PRODUCTS,
            QUALITY_RESULTS,
            QUALITY_CHECKS,
            QUALITY_ALERTS,
            WATERMARKS,
            FRESHNESS_SIGNALS,
            FRESHNESS_STATUS,
            FRESHNESS_ALERTS,
            ACCESS_REQUESTS,
            ACCESS_DECISIONS,
            ACCESS_GRANTS,
            ACCESS_REVOCATIONS,
            ACCESS_OBSERVED,
            FEEDBACK,
            ALERT_DELIVERIES,
            INCIDENTS,
            DEAD_LETTERS);

    /** Header names on dead-letter records: the same as SmallRye's dead-letter strategy writes, in every service. */
    public static final String DLQ_REASON_HEADER = "dead-letter-reason";

    public static final String DLQ_SOURCE_TOPIC_HEADER = "dead-letter-topic";

    public static final String DLQ_SOURCE_PARTITION_HEADER = "dead-letter-partition";

    public static final String DLQ_SOURCE_OFFSET_HEADER = "dead-letter-offset";

    /** The ids of the event rules the record broke (comma-separated), when that is why it was dead-lettered. */
    public static final String DLQ_RULE_HEADER = "dead-letter-rule";

    /** {@code true} when the dead letter keeps only part of the record (value, key, reason or headers were cut). */
    public static final String DLQ_TRUNCATED_HEADER = "dead-letter-truncated";

    /** The size in bytes of the original value, present when the dead letter was cut. */
    public static final String DLQ_ORIGINAL_SIZE_HEADER = "dead-letter-original-size";

    /**
     * How the value is written when it is not the original bytes, e.g. {@code avro-json;
     * schema=dev.meshplane.events.v1.QualityResultReported} from a Kafka Streams service, which holds the deserialized
     * event only. Absent when the value is the record as it came.
     */
    public static final String DLQ_VALUE_FORMAT_HEADER = "dead-letter-value-format";

    /**
     * The publisher's OpenID Connect access token on a publication request ({@code mesh.publications.requested}),
     * which governance verifies against the identity provider's keys (docs/security.md). It is copied nowhere else:
     * a dead letter drops it.
     */
    public static final String CREDENTIAL_HEADER = "meshplane-credential";

    private Topics() {}
}
