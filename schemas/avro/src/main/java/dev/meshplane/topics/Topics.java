package dev.meshplane.topics;

import java.util.List;

import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AccessRevoked;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessStatusChanged;
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
    public static final MeshTopic<AccessRequested> ACCESS_REQUESTS =
            new MeshTopic<>("mesh.access.requests", AccessRequested.class, false, "requests to consume a product");
    /** Keyed by {@code productId|team}; a revocation is a tombstone here plus an event on ACCESS_REVOCATIONS. */
    public static final MeshTopic<AccessGranted> ACCESS_GRANTS =
            new MeshTopic<>("mesh.access.grants", AccessGranted.class, true, "current grants, keyed by productId|team");

    public static final MeshTopic<AccessRevoked> ACCESS_REVOCATIONS =
            new MeshTopic<>("mesh.access.revocations", AccessRevoked.class, false, "the audit trail of revoked grants");

    public static final MeshTopic<ConsumerFeedbackGiven> FEEDBACK = new MeshTopic<>(
            "mesh.feedback", ConsumerFeedbackGiven.class, false, true, "consumers' 0-10 ratings of products");

    /** Records a service could not read, with the reason in headers; raw bytes, never re-serialised. */
    public static final MeshTopic<byte[]> DEAD_LETTERS =
            new MeshTopic<>("mesh.deadletter", byte[].class, false, "unreadable records with the reason in headers");

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
            ACCESS_GRANTS,
            ACCESS_REVOCATIONS,
            FEEDBACK,
            DEAD_LETTERS);

    /** Header names on dead-letter records: the same as SmallRye's dead-letter strategy writes, in every service. */
    public static final String DLQ_REASON_HEADER = "dead-letter-reason";

    public static final String DLQ_SOURCE_TOPIC_HEADER = "dead-letter-topic";

    private Topics() {}
}
