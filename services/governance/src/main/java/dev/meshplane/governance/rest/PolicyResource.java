package dev.meshplane.governance.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.descriptor.Problem;
import dev.meshplane.governance.messaging.PublishedProducts;
import dev.meshplane.policy.PolicyContext;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.policy.Violation;

/** The standards, readable by every team, and a dry run of them on a descriptor. */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyEngine engine;
    private final PublishedProducts published;

    public PolicyResource(PolicyEngine engine, PublishedProducts published) {
        this.engine = engine;
        this.published = published;
    }

    /** A finding of a dry run: located in the posted text, with its policy id ({@code structure} for parse errors). */
    public record Finding(String policy, String severity, String path, int line, int column, String message) {}

    /**
     * The dry-run answer: would this descriptor be accepted by the policies (schema compatibility aside)? {@code product}
     * is the id when the descriptor names a domain and a name; {@code policiesNotChecked} says why the policies did not
     * run, when the structure is too broken for them.
     */
    public record Evaluation(boolean accepted, String product, List<Finding> findings, String policiesNotChecked) {}

    @GET
    @Operation(summary = "The active policies: built-ins and the organisation's and domains' CEL rules")
    public List<PolicyEngine.PolicyInfo> list() {
        return engine.describe();
    }

    @POST
    @Path("/evaluate")
    @Consumes({MediaType.TEXT_PLAIN, "application/yaml", "application/x-yaml", "text/yaml"})
    @Operation(
            summary = "Dry run: the descriptor (YAML) in, every violation out; nothing is published",
            description = "A descriptor is UTF-8. One that cannot be read (not UTF-8, not YAML, a required field"
                    + " missing) is still a 200: its findings say what to fix, with line and column, policy"
                    + " 'structure'.")
    public Evaluation evaluate(byte[] body) {
        ParsedDescriptor parsed = DescriptorParser.parse("request", body == null ? new byte[0] : body);
        List<Finding> findings = new ArrayList<>();
        for (Problem p : parsed.problems()) {
            findings.add(new Finding("structure", "error", p.path(), p.line(), p.column(), p.message()));
        }
        if (parsed.product().isEmpty()) {
            return new Evaluation(false, null, findings, null);
        }
        DataProduct product = parsed.product().get();
        String id = product.metadata().domain() == null || product.metadata().name() == null
                ? null
                : product.id().toString();
        List<Violation> violations;
        try {
            violations = engine.evaluate(
                    product, PolicyContext.withCatalog(published.versions().keySet()));
        } catch (RuntimeException e) {
            if (parsed.problems().isEmpty()) {
                throw e; // a sound descriptor the engine cannot judge: a defect, answered as a 500 problem
            }
            return new Evaluation(
                    false, id, findings, "the policies were not checked: fix the structure findings first");
        }
        for (Violation v : violations) {
            Problem at = parsed.problemAt(v.path(), v.message());
            findings.add(
                    new Finding(v.policyId(), v.severity().label(), v.path(), at.line(), at.column(), v.message()));
        }
        boolean accepted = parsed.problems().isEmpty() && !PolicyEngine.blocks(violations);
        return new Evaluation(accepted, id, findings, null);
    }
}
