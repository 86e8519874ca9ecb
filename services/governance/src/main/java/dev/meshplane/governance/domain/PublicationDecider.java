package dev.meshplane.governance.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.Durations;
import dev.meshplane.descriptor.OutputSchemas;
import dev.meshplane.descriptor.Semver;
import dev.meshplane.policy.PolicyContext;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.policy.Severity;
import dev.meshplane.policy.Violation;

/**
 * Decides one publication: policies, then the schema against the product's previous version, then provisioning.
 * Nothing is provisioned for a rejected request. Pure of Kafka, so it is tested with fakes.
 */
public final class PublicationDecider {

    /** The policy id of an owner change the request did not declare. */
    public static final String OWNER_CHANGE = "owner-change-explicit";

    /** The id of the structure rules on a request that did not come through the parser. */
    static final String WELL_FORMED = "descriptor-well-formed";

    private final PolicyEngine engine;
    private final SchemaRegistry registry;
    private final TopicAdmin topics;
    private final int defaultPartitions;

    public PublicationDecider(PolicyEngine engine, SchemaRegistry registry, TopicAdmin topics, int defaultPartitions) {
        this.engine = engine;
        this.registry = registry;
        this.topics = topics;
        this.defaultPartitions = defaultPartitions;
    }

    /**
     * @param publishedVersions the current version of every published product, by product id
     */
    public Decision decide(DataProduct product, Map<String, String> publishedVersions) {
        return decide(product, publishedVersions, new Publisher.NotChecked());
    }

    /**
     * As {@link #decide(DataProduct, Map)}, for a request from {@code publisher}: one who is not verified or not in
     * the product's owning team is refused with the rest of the violations (so the team sees everything to fix at
     * once), and nothing is registered or provisioned for it.
     */
    public Decision decide(DataProduct product, Map<String, String> publishedVersions, Publisher publisher) {
        return decide(product, publishedVersions, Map.of(), publisher, null);
    }

    /**
     * As {@link #decide(DataProduct, Map, Publisher)}, knowing the owner of each published product: a request that
     * changes a product's {@code metadata.owner} is refused ({@value #OWNER_CHANGE}) unless it says so, naming the
     * current owner in {@code ownerChangeFrom}; the publisher must be admitted to the domain either way.
     */
    public Decision decide(
            DataProduct product,
            Map<String, String> publishedVersions,
            Map<String, String> publishedOwners,
            Publisher publisher,
            String ownerChangeFrom) {
        long t0 = System.nanoTime();
        String domain = product.metadata().domain();
        List<Violation> violations =
                new ArrayList<>(publisher.violations(product, domain == null ? null : engine.publishers(domain)));
        ownerChange(product, publishedOwners.get(product.id().toString()), ownerChangeFrom)
                .ifPresent(violations::add);
        violations.addAll(malformedChecks(product));
        violations.addAll(engine.evaluate(product, PolicyContext.withCatalog(Set.copyOf(publishedVersions.keySet()))));
        long evaluationMicros = (System.nanoTime() - t0) / 1000;
        if (PolicyEngine.blocks(violations)) {
            return new Decision(false, violations, null, null, evaluationMicros);
        }
        String version = product.metadata().version();
        int major = OutputSchemas.major(version);
        String previous = publishedVersions.get(product.id().toString());
        if (previous != null && Semver.compare(version, previous) < 0) {
            violations.add(new Violation(
                    "version-increases",
                    Severity.ERROR,
                    "metadata.version",
                    "version " + version + " is older than the published " + previous + ": publish a version >= "
                            + previous));
            return new Decision(false, violations, null, null, evaluationMicros);
        }
        String outputTopic = product.id().outputTopic(major);
        String artifactId = outputTopic + "-value";
        String schema = OutputSchemas.of(product).toString();
        Optional<String> incompatible = registry.incompatibility(artifactId, schema);
        if (incompatible.isPresent()) {
            violations.add(new Violation(
                    "schema-compatible",
                    Severity.ERROR,
                    "spec.schema.fields",
                    "the schema is not BACKWARD compatible with the published " + outputTopic + " ("
                            + incompatible.get() + "): make the change compatible (new fields nullable or defaulted),"
                            + " or publish it as version " + (major + 1) + ".0.0 on the new topic "
                            + product.id().outputTopic(major + 1)));
            return new Decision(false, violations, null, null, evaluationMicros);
        }
        long globalId = registry.register(artifactId, schema);
        DataProduct.Output output = product.spec().output();
        int partitions = output != null && output.partitions() != null ? output.partitions() : defaultPartitions;
        Long retentionMs = output == null
                ? null
                : Durations.parse(output.retention()).map(Duration::toMillis).orElse(null);
        topics.ensureTopic(outputTopic, partitions, retentionMs);
        return new Decision(true, violations, outputTopic, globalId, evaluationMicros);
    }

    /**
     * An owner change is an explicit act: the request names the current owner it replaces. A first publication, an
     * unchanged owner and a declared change naming the current owner pass.
     */
    static Optional<Violation> ownerChange(DataProduct product, String currentOwner, String ownerChangeFrom) {
        String next = product.metadata().owner();
        boolean declared = ownerChangeFrom != null && !ownerChangeFrom.isBlank();
        if (currentOwner == null) {
            return Optional.empty();
        }
        if (declared && !ownerChangeFrom.equals(currentOwner)) {
            return Optional.of(new Violation(
                    OWNER_CHANGE,
                    Severity.ERROR,
                    "metadata.owner",
                    "--change-owner-from " + ownerChangeFrom + " does not name the current owner, " + currentOwner
                            + ": name the owner the catalog shows (mesh status " + product.id() + ")"));
        }
        if (next != null && !next.equals(currentOwner) && !declared) {
            return Optional.of(new Violation(
                    OWNER_CHANGE,
                    Severity.ERROR,
                    "metadata.owner",
                    "the owner changes from " + currentOwner + " to " + next + ": a change of owner is an explicit"
                            + " act of the current owner; publish with --change-owner-from " + currentOwner
                            + " (as one who may publish domain '"
                            + product.metadata().domain() + "')"));
        }
        return Optional.empty();
    }

    /**
     * A request arrives as a structured event, not through the parser that checks a YAML file, so the structure rules
     * the parser applies to checks ({@link CheckType#problems}) are applied here too: a client that skipped
     * {@code mesh validate} gets the same answer.
     */
    static List<Violation> malformedChecks(DataProduct product) {
        List<Violation> out = new ArrayList<>();
        List<DataProduct.QualityCheck> checks = product.spec().checks();
        for (int i = 0; i < checks.size(); i++) {
            DataProduct.QualityCheck check = checks.get(i);
            if (check.type() == null) {
                out.add(new Violation(
                        WELL_FORMED,
                        Severity.ERROR,
                        "spec.quality.checks[" + i + "].type",
                        "every check names its type: one of " + String.join(", ", CheckType.wireNames())));
                continue;
            }
            for (CheckType.Issue issue : check.type().problems(check)) {
                String path = "spec.quality.checks[" + i + "]" + (issue.field().isEmpty() ? "" : "." + issue.field());
                out.add(new Violation(WELL_FORMED, Severity.ERROR, path, issue.message()));
            }
        }
        return out;
    }
}
