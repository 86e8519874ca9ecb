package dev.meshplane.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.Durations;
import dev.meshplane.descriptor.EnvReferences;

/**
 * The organisation's built-in standards: "schema versioned? PII annotated? SLA documented? owner
 * assigned?" and what keeps a product safe to consume. Each message says how to fix the problem.
 */
public final class BuiltInPolicies {

    /** An address: something@domain.tld. Teams page and mail these; a bare name is not enough. */
    static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Semantic Versioning 2.0.0. */
    static final Pattern SEMVER =
            Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private BuiltInPolicies() {}

    public static List<Policy> all() {
        return List.of(
                policy(
                        "owner-assigned",
                        "Every product names the accountable team as an address.",
                        (p, c) -> address(
                                p.metadata().owner(),
                                "metadata.owner",
                                "owner-assigned",
                                "name the accountable team: owner: <team>@<company domain>")),
                policy(
                        "oncall-named",
                        "Every product names the engineer who gets paged.",
                        (p, c) -> address(
                                p.metadata().oncall(),
                                "metadata.oncall",
                                "oncall-named",
                                "name the engineer who gets paged when this product breaks: oncall: <name>@<company domain>")),
                policy("version-semver", "The product's contract is versioned with semver.", BuiltInPolicies::semver),
                policy(
                        "schema-declared",
                        "The output schema is declared, field by field.",
                        BuiltInPolicies::schemaDeclared),
                policy(
                        "pii-annotated",
                        "Every schema field says whether it holds personal data.",
                        BuiltInPolicies::pii),
                policy(
                        "freshness-sla-documented",
                        "A freshness target and an alert threshold are documented.",
                        BuiltInPolicies::freshness),
                policy("quality-checks-declared", "At least one quality check is declared.", BuiltInPolicies::checks),
                policy(
                        "access-default-deny",
                        "Access is denied unless a team is allowed explicitly.",
                        BuiltInPolicies::access),
                policy(
                        "no-literal-secrets",
                        "Connections are ${ENV} references, never literal credentials.",
                        BuiltInPolicies::secrets),
                policy("inputs-exist", "Declared inputs are published products.", BuiltInPolicies::inputs),
                policy(
                        "alert-webhooks-https",
                        "A product's own alert webhooks (spec.alerts) are https, but on this machine.",
                        BuiltInPolicies::alertWebhooks),
                new SimplePolicy(
                        "description-present",
                        Severity.WARNING,
                        "A description tells consumers what they get.",
                        (p, c) -> blankOrTodo(p.metadata().description())
                                ? List.of(new Violation(
                                        "description-present",
                                        Severity.WARNING,
                                        "metadata.description",
                                        "add one sentence a consumer reads first: description: ..."))
                                : List.of()));
    }

    private static Policy policy(
            String id, String description, BiFunction<DataProduct, PolicyContext, List<Violation>> check) {
        return new SimplePolicy(id, Severity.ERROR, description, check);
    }

    private static List<Violation> address(String value, String path, String id, String fix) {
        if (value == null || value.isBlank()) {
            return List.of(error(id, path, path.substring(path.indexOf('.') + 1) + " is missing: " + fix));
        }
        if (!ADDRESS.matcher(value.trim()).matches()) {
            return List.of(error(id, path, "'" + value + "' is not an address: " + fix));
        }
        return List.of();
    }

    private static List<Violation> semver(DataProduct p, PolicyContext c) {
        String v = p.metadata().version();
        if (v == null || v.isBlank()) {
            return List.of(error(
                    "version-semver",
                    "metadata.version",
                    "version is missing: version the contract with semver, e.g. version: 1.0.0"));
        }
        if (!SEMVER.matcher(v.trim()).matches()) {
            return List.of(error(
                    "version-semver",
                    "metadata.version",
                    "'" + v + "' is not a semantic version: write MAJOR.MINOR.PATCH, e.g. 1.2.0"));
        }
        return List.of();
    }

    private static List<Violation> schemaDeclared(DataProduct p, PolicyContext c) {
        if (p.spec().fields().isEmpty()) {
            return List.of(error(
                    "schema-declared",
                    "spec.schema.fields",
                    "declare the output schema: spec.schema.fields with a name, type and pii for every field"));
        }
        return List.of();
    }

    private static List<Violation> pii(DataProduct p, PolicyContext c) {
        List<Violation> out = new ArrayList<>();
        List<DataProduct.SchemaField> fields = p.spec().fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).pii() == null) {
                out.add(
                        error(
                                "pii-annotated",
                                "spec.schema.fields[" + i + "].pii",
                                "field '" + fields.get(i).name()
                                        + "' has no PII annotation: add pii: true if it holds personal data, pii: false if not"));
            }
        }
        return out;
    }

    private static List<Violation> freshness(DataProduct p, PolicyContext c) {
        DataProduct.Freshness f = p.spec().freshness();
        if (f == null) {
            return List.of(error(
                    "freshness-sla-documented",
                    "spec.freshness",
                    "document the freshness SLA: spec.freshness with target (e.g. 15m) and alert_after (e.g. 30m)"));
        }
        List<Violation> out = new ArrayList<>();
        Optional<Duration> target = Durations.parse(f.target());
        Optional<Duration> alertAfter = Durations.parse(f.alertAfter());
        if (target.isEmpty()) {
            out.add(error(
                    "freshness-sla-documented",
                    "spec.freshness.target",
                    "target is missing or not a duration: how fresh the data normally is, e.g. target: 15m"));
        }
        if (alertAfter.isEmpty()) {
            out.add(error(
                    "freshness-sla-documented",
                    "spec.freshness.alert_after",
                    "alert_after is missing or not a duration: when the on-call is alerted, e.g. alert_after: 30m"));
        }
        if (target.isPresent() && alertAfter.isPresent() && target.get().compareTo(alertAfter.get()) > 0) {
            out.add(error(
                    "freshness-sla-documented",
                    "spec.freshness.alert_after",
                    "alert_after (" + f.alertAfter() + ") is shorter than target (" + f.target()
                            + "): alert after the target is missed, not before"));
        }
        return out;
    }

    /** Whether each check is well-formed is the parser's question ({@link CheckType}); this asks that one exists. */
    private static List<Violation> checks(DataProduct p, PolicyContext c) {
        if (p.spec().checks().isEmpty()) {
            return List.of(error(
                    "quality-checks-declared",
                    "spec.quality.checks",
                    "declare at least one quality check, e.g. - " + CheckType.NULL_RATE.exampleYaml()));
        }
        return List.of();
    }

    private static List<Violation> access(DataProduct p, PolicyContext c) {
        DataProduct.Access a = p.spec().access();
        if (a == null || a.defaultPolicy() == null) {
            return List.of(error(
                    "access-default-deny",
                    "spec.access.default",
                    "declare access: spec.access.default: deny, and allow consumers by team"));
        }
        if (!"deny".equals(a.defaultPolicy())) {
            return List.of(error(
                    "access-default-deny",
                    "spec.access.default",
                    "access must default to deny: set default: deny and list the teams under allow"));
        }
        return List.of();
    }

    private static List<Violation> alertWebhooks(DataProduct p, PolicyContext c) {
        List<Violation> out = new ArrayList<>();
        List<DataProduct.AlertRoute> routes =
                p.spec().alerts() == null ? List.of() : p.spec().alerts();
        for (int i = 0; i < routes.size(); i++) {
            String url = routes.get(i).webhookUrl();
            if (url == null || url.startsWith("https://")) {
                continue;
            }
            String host = url.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
            if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
                out.add(error(
                        "alert-webhooks-https",
                        "spec.alerts[" + i + "].webhook.url",
                        "an alert webhook leaves this machine: use https (the alert names the product, its on-call"
                                + " and its data's state), not " + url.replaceFirst("^([a-z]+://[^/]*).*$", "$1")));
            }
        }
        return out;
    }

    private static List<Violation> secrets(DataProduct p, PolicyContext c) {
        List<Violation> alertSecrets = new ArrayList<>();
        List<DataProduct.AlertRoute> routes =
                p.spec().alerts() == null ? List.of() : p.spec().alerts();
        for (int i = 0; i < routes.size(); i++) {
            String secret = routes.get(i).webhookSecret();
            if (secret != null && !EnvReferences.isPureReference(secret)) {
                alertSecrets.add(error(
                        "no-literal-secrets",
                        "spec.alerts[" + i + "].webhook.secret",
                        "the webhook's signing key must be one ${ENV} reference (e.g. ${ORDERS_HOOK_SECRET}), set"
                                + " where the alerting service runs, never the key: the descriptor is published to the"
                                + " whole mesh"));
            }
        }
        List<Violation> source = sourceSecrets(p);
        if (alertSecrets.isEmpty()) {
            return source;
        }
        alertSecrets.addAll(0, source);
        return alertSecrets;
    }

    private static List<Violation> sourceSecrets(DataProduct p) {
        DataProduct.Source s = p.spec().source();
        if (s == null || s.connection() == null) {
            if (s != null && "postgres".equals(s.type())) {
                return List.of(error(
                        "no-literal-secrets",
                        "spec.source.connection",
                        "a postgres source needs connection: ${YOUR_DB_URI}, set in the pipeline's environment"));
            }
            return List.of();
        }
        if (!EnvReferences.isPureReference(s.connection())) {
            return List.of(error(
                    "no-literal-secrets",
                    "spec.source.connection",
                    "the connection must be one ${ENV} reference (e.g. ${ORDERS_DB_URI}), not a literal: the descriptor"
                            + " is published to the whole mesh"));
        }
        return List.of();
    }

    private static List<Violation> inputs(DataProduct p, PolicyContext c) {
        if (c.publishedProducts().isEmpty()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        List<String> inputs = p.spec().inputs();
        for (int i = 0; i < inputs.size(); i++) {
            if (!c.publishedProducts().get().contains(inputs.get(i))) {
                out.add(error(
                        "inputs-exist",
                        "spec.inputs[" + i + "].product",
                        "input '" + inputs.get(i) + "' is not a published product: publish it first or fix the id"));
            }
        }
        return out;
    }

    private static boolean blankOrTodo(String s) {
        return s == null || s.isBlank() || s.trim().startsWith("TODO");
    }

    private static Violation error(String id, String path, String message) {
        return new Violation(id, Severity.ERROR, path, message);
    }

    /** A built-in policy as a function. */
    record SimplePolicy(
            String id,
            Severity severity,
            String description,
            BiFunction<DataProduct, PolicyContext, List<Violation>> checker)
            implements Policy {
        @Override
        public List<Violation> check(DataProduct product, PolicyContext context) {
            return checker.apply(product, context);
        }
    }
}
