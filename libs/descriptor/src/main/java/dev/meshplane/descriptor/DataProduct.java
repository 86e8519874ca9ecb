package dev.meshplane.descriptor;

import java.util.List;

/**
 * A {@code mesh/v1} DataProduct descriptor, exactly as a team wrote it.
 *
 * <p>Values are never resolved or defaulted here: a field the team left out is {@code null} (or an empty list), so
 * that governance can say precisely what is missing, and {@code ${ENV}} references stay references until a pipeline
 * runs.
 */
public record DataProduct(String apiVersion, String kind, Metadata metadata, Spec spec) {

    public static final String API_VERSION = "mesh/v1";
    public static final String KIND = "DataProduct";

    /** The product id, {@code domain/name}: the key of every event about this product. */
    public ProductId id() {
        return new ProductId(metadata.domain(), metadata.name());
    }

    public record Metadata(
            String name,
            String domain,
            String owner,
            String oncall,
            String version,
            String description,
            List<String> tags) {}

    public record Spec(
            Source source,
            List<SchemaField> fields,
            Output output,
            List<QualityCheck> checks,
            Freshness freshness,
            Access access,
            List<String> inputs,
            List<AlertRoute> alerts) {}

    /**
     * One of {@code spec.alerts}: where this product's alerts go besides the organisation's routes. {@code check},
     * {@code severity} and {@code kind} narrow it (null: any); {@code to} names destinations of the organisation's
     * routing file, {@code email} adds recipients, {@code webhookUrl} a webhook signed with {@code webhookSecret}, an
     * {@code ${ENV}} reference the alerting service resolves.
     */
    public record AlertRoute(
            String check,
            String severity,
            String kind,
            List<String> to,
            List<String> email,
            String webhookUrl,
            String webhookSecret) {}

    /** {@code spec.source}; {@code connection} is a reference such as {@code ${ORDERS_DB_URI}}. */
    public record Source(String type, String connection, String query, String cursor, String path, String format) {}

    /** One of {@code spec.schema.fields}; {@code pii} is {@code null} when the team did not annotate the field. */
    public record SchemaField(String name, String type, boolean nullable, Boolean pii, String description) {}

    public record Output(Integer partitions, String retention) {}

    /**
     * One of {@code spec.quality.checks}. {@code type} is {@code null} only in a descriptor the parser rejected (the
     * type was missing or unknown); which of the other fields a check takes is the {@link CheckType}'s rule.
     */
    public record QualityCheck(CheckType type, String column, Double threshold, String window, Long min, Long max) {}

    public record Freshness(String target, String alertAfter) {}

    /** {@code spec.access}; {@code defaultPolicy} is the YAML key {@code default}. */
    public record Access(String defaultPolicy, List<String> allowTeams) {}
}
