package dev.meshplane.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshplane.descriptor.DataProduct;

/**
 * Governance as code: the built-in policies plus the organisation's and domains' CEL rules. The CLI ({@code mesh
 * validate}) and the governance service run this same class, so a product that validates on a laptop is judged by
 * the same standards on the server. Every violation is reported, not just the first.
 */
public final class PolicyEngine {

    private final List<Policy> builtIns;
    private final List<CelRule> rules;
    private final Map<String, Set<String>> disabledByDomain;
    private final Map<String, DomainPublishers> publishersByDomain;
    private final List<AccessRule> accessRules;

    private PolicyEngine(
            List<Policy> builtIns,
            List<CelRule> rules,
            Map<String, Set<String>> disabledByDomain,
            Map<String, DomainPublishers> publishersByDomain,
            List<AccessRule> accessRules) {
        this.builtIns = builtIns;
        this.rules = rules;
        this.disabledByDomain = disabledByDomain;
        this.publishersByDomain = publishersByDomain;
        this.accessRules = accessRules;
    }

    public static PolicyEngine builtInOnly() {
        return new PolicyEngine(BuiltInPolicies.all(), List.of(), Map.of(), Map.of(), List.of());
    }

    /**
     * What the access rules of the organisation and of the product's domain say about a request: the first refusing
     * rule that holds refuses it (refusals are checked first, in file order), else the first approving rule that
     * holds approves it, else the owners decide.
     */
    public AccessVerdict decideAccess(AccessQuestion question) {
        Map<String, Object> variables = Map.of("product", question.productMap(), "request", question.requestMap());
        for (AccessRule r : accessRules) {
            if (r.then() != AccessRule.Then.REFUSE || !r.appliesTo(question.domain())) {
                continue;
            }
            StringBuilder failure = new StringBuilder();
            if (r.matches(variables, failure)) {
                return new AccessVerdict.Refused(
                        r.id(), failure.isEmpty() ? r.message() : r.message() + " (" + failure + ")");
            }
        }
        for (AccessRule r : accessRules) {
            if (r.then() == AccessRule.Then.APPROVE
                    && r.appliesTo(question.domain())
                    && r.matches(variables, new StringBuilder())) {
                return new AccessVerdict.Approved(r.id());
            }
        }
        return new AccessVerdict.ForOwners();
    }

    /** The access rules in force, organisation first, in file order. */
    public List<AccessRule> accessRules() {
        return accessRules;
    }

    /** Who may publish {@code domain}'s products: its policy block's {@code publishers}, else its own team only. */
    public DomainPublishers publishers(String domain) {
        return publishersByDomain.getOrDefault(domain, DomainPublishers.teamOf(domain));
    }

    /** @throws PolicyFileException listing every problem of the file, each naming its rule */
    public static PolicyEngine withPolicyFile(Path file) {
        List<Policy> builtIns = BuiltInPolicies.all();
        PolicyFile.Loaded loaded = PolicyFile.read(file, builtIns);
        return new PolicyEngine(builtIns, loaded.rules(), loaded.disabled(), loaded.publishers(), loaded.access());
    }

    public List<Violation> evaluate(DataProduct product, PolicyContext context) {
        // A descriptor without a domain (the parser reports it, but governance's HTTP dry run and the CLI may still
        // evaluate it) gets the organisation-wide policies only; the immutable maps here refuse null keys.
        String domain = product.metadata().domain();
        Set<String> off = domain == null ? Set.of() : disabledByDomain.getOrDefault(domain, Set.of());
        List<Violation> out = new ArrayList<>();
        for (Policy p : builtIns) {
            if (!off.contains(p.id())) {
                out.addAll(p.check(product, context));
            }
        }
        if (!rules.isEmpty()) {
            Map<String, Object> celView = ProductMaps.toCel(product);
            for (CelRule r : rules) {
                if (r.appliesTo(domain)) {
                    out.addAll(r.evaluate(celView));
                }
            }
        }
        return out;
    }

    /** The active standards, for teams to read ({@code GET /api/v1/policies}). */
    public List<PolicyInfo> describe() {
        List<PolicyInfo> out = new ArrayList<>();
        builtIns.forEach(
                p -> out.add(new PolicyInfo(p.id(), p.severity(), "built-in", Set.of(), p.description(), null)));
        rules.forEach(r ->
                out.add(new PolicyInfo(r.id(), r.severity(), r.scope(), r.domains(), r.description(), r.expression())));
        return out;
    }

    /** One active policy as teams see it; {@code expression} is null for built-ins. */
    public record PolicyInfo(
            String id, Severity severity, String scope, Set<String> domains, String description, String expression) {}

    /** True when at least one violation blocks publication. */
    public static boolean blocks(List<Violation> violations) {
        return violations.stream().anyMatch(Violation::blocking);
    }
}
