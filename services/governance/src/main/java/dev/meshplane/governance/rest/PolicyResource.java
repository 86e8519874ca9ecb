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

    /** The dry-run answer: would this descriptor be accepted by the policies (schema compatibility aside)? */
    public record Evaluation(boolean accepted, String product, List<Finding> findings) {}

    @GET
    @Operation(summary = "The active policies: built-ins and the organisation's and domains' CEL rules")
    public List<PolicyEngine.PolicyInfo> list() {
        return engine.describe();
    }

    @POST
    @Path("/evaluate")
    @Consumes({MediaType.TEXT_PLAIN, "application/yaml", "application/x-yaml", "text/yaml"})
    @Operation(summary = "Dry run: the descriptor (YAML) in, every violation out; nothing is published")
    public Evaluation evaluate(String yaml) {
        ParsedDescriptor parsed = DescriptorParser.parse("request", yaml == null ? "" : yaml);
        List<Finding> findings = new ArrayList<>();
        for (Problem p : parsed.problems()) {
            findings.add(new Finding("structure", "error", p.path(), p.line(), p.column(), p.message()));
        }
        if (parsed.product().isEmpty()) {
            return new Evaluation(false, null, findings);
        }
        List<Violation> violations = engine.evaluate(
                parsed.product().get(),
                PolicyContext.withCatalog(published.versions().keySet()));
        for (Violation v : violations) {
            Problem at = parsed.problemAt(v.path(), v.message());
            findings.add(
                    new Finding(v.policyId(), v.severity().label(), v.path(), at.line(), at.column(), v.message()));
        }
        boolean accepted = parsed.problems().isEmpty() && !PolicyEngine.blocks(violations);
        return new Evaluation(accepted, parsed.product().get().id().toString(), findings);
    }
}
