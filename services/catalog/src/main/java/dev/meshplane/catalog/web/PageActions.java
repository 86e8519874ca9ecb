package dev.meshplane.catalog.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.catalog.rest.Feedback;
import dev.meshplane.catalog.rest.ProductsResource;
import dev.meshplane.catalog.streams.CatalogStore;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;

/**
 * What a logged-in person does from a product page: ask for access, answer a request (owners), rate the product.
 * Access goes to governance's access API with the person's own access token, so governance decides who may do what
 * exactly as for {@code mesh access}; a rating is checked and written as the API's feedback is. Each answer is a small
 * page saying what happened, with a way back. A form posted from another site is refused (its Origin is not this
 * one; the session cookie is SameSite=Lax as well).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageActions {

    private static final Logger LOG = Logger.getLogger(PageActions.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance outcome(Outcome o, Viewer viewer);
    }

    /** What an action did: a title, the detail (governance's own words on a refusal), and the way back. */
    public record Outcome(boolean ok, String title, String detail, String back) {}

    private final CatalogStore store;
    private final CatalogConfig config;
    private final Feedback feedback;
    private final SecurityIdentity identity;
    /** The logged-in person's ID token (the web tenant's session), empty for nobody in particular. */
    @Inject
    @IdToken
    JsonWebToken idToken;

    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PageActions(
            CatalogStore store, CatalogConfig config, Feedback feedback, SecurityIdentity identity, ObjectMapper json) {
        this.store = store;
        this.config = config;
        this.feedback = feedback;
        this.identity = identity;
        this.json = json;
    }

    /** Log-in: the provider's page, then back to {@code to} (a path of this site; anything else goes home). */
    @GET
    @Path("login")
    @Authenticated
    @Operation(hidden = true)
    public Response login(@QueryParam("to") String to) {
        String back = to != null && to.startsWith("/") && !to.startsWith("//") && !to.contains("\\") ? to : "/";
        return Response.seeOther(URI.create(back)).build();
    }

    @POST
    @Path("products/{domain}/{name}/access-requests")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response requestAccess(
            @PathParam("domain") String domain,
            @PathParam("name") String name,
            @FormParam("team") String team,
            @FormParam("reason") String reason,
            @FormParam("until") String until,
            @Context HttpHeaders headers) {
        String back = Html.productHref(domain + "/" + name);
        return fromThisSite(headers, back, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("product", domain + "/" + name);
            body.put("team", blankToNull(team));
            body.put("reason", blankToNull(reason));
            body.put("until", blankToNull(until));
            return governance("/api/v1/access/requests", body, back, "Access requested");
        });
    }

    @POST
    @Path("products/{domain}/{name}/access-requests/{id}/{answer: approve|deny}")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response answer(
            @PathParam("domain") String domain,
            @PathParam("name") String name,
            @PathParam("id") String id,
            @PathParam("answer") String answer,
            @FormParam("reason") String reason,
            @Context HttpHeaders headers) {
        String back = Html.productHref(domain + "/" + name);
        return fromThisSite(headers, back, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", blankToNull(reason));
            return governance(
                    "/api/v1/access/requests/" + Html.url(id) + "/" + answer,
                    body,
                    back,
                    "approve".equals(answer) ? "Request approved" : "Request denied");
        });
    }

    @POST
    @Path("products/{domain}/{name}/ratings")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response rate(
            @PathParam("domain") String domain,
            @PathParam("name") String name,
            @FormParam("score") String score,
            @FormParam("team") String team,
            @FormParam("comment") String comment,
            @Context HttpHeaders headers) {
        String back = Html.productHref(domain + "/" + name);
        return fromThisSite(headers, back, () -> rating(domain, name, score, team, comment, back));
    }

    private Response rating(String domain, String name, String score, String team, String comment, String back) {
        Optional<ProductView> view = store.get(domain + "/" + name);
        if (view.isEmpty()) {
            return page(404, new Outcome(false, "Not found", "no product " + domain + "/" + name, "/"));
        }
        try {
            Integer points = score == null || !score.matches("[0-9]{1,2}") ? null : Integer.valueOf(score);
            var given = feedback.give(
                    Caller.of(idToken),
                    view.get(),
                    new ProductsResource.FeedbackRequest(points, blankToNull(comment), blankToNull(team)));
            return page(
                    200,
                    new Outcome(
                            true,
                            "Thank you",
                            "your score " + given.getScore() + " for " + given.getProductId() + " is recorded for team "
                                    + given.getTeam() + "; the page counts it within a second",
                            back));
        } catch (ProblemException e) {
            return page(
                    e.problem().status(),
                    new Outcome(false, "Not rated", e.problem().detail(), back));
        }
    }

    /** Passes the action on to governance with the person's access token, and says what governance answered. */
    private Response governance(String path, Map<String, Object> body, String back, String done) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            return page(401, new Outcome(false, "Log in first", "the session carries no access token", back));
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.web().governanceUrl() + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token.getToken())
                    .header("Content-Type", MediaType.APPLICATION_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = readJson(response.body());
            if (response.statusCode() / 100 == 2) {
                String state = answer.path("state").asText("");
                return page(
                        200,
                        new Outcome(
                                true,
                                done,
                                ("request " + answer.path("id").asText("") + " " + state).trim()
                                        + "; the page shows it within a second",
                                back));
            }
            String detail = answer.path("detail").asText("governance answered HTTP " + response.statusCode());
            return page(response.statusCode(), new Outcome(false, "Refused", detail, back));
        } catch (IOException e) {
            LOG.warnf(
                    "governance's access API at %s did not answer: %s",
                    config.web().governanceUrl(), e.toString());
            return page(
                    503,
                    new Outcome(
                            false, "Governance did not answer", "try again in a minute; nothing was changed", back));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return page(503, new Outcome(false, "Interrupted", "nothing was changed", back));
        }
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /**
     * A form must come from this site: its Origin (or, without one, its Referer) names this host. Browsers send
     * Origin with every POST.
     */
    private Response fromThisSite(HttpHeaders headers, String back, java.util.function.Supplier<Response> action) {
        return sameSite(headers, back).orElseGet(action);
    }

    private Optional<Response> sameSite(HttpHeaders headers, String back) {
        String host = headers.getHeaderString("Host");
        String origin = headers.getHeaderString("Origin");
        if (origin == null) {
            origin = headers.getHeaderString("Referer");
        }
        if (host != null && origin != null) {
            try {
                URI o = URI.create(origin);
                String authority = o.getRawAuthority();
                if (host.equalsIgnoreCase(authority)) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                // not a URI: refused below
            }
        }
        return Optional.of(page(
                403,
                new Outcome(
                        false,
                        "Refused",
                        "the form was not sent from this catalog's own page (Origin " + origin + ")",
                        back)));
    }

    private Response page(int status, Outcome outcome) {
        return Response.status(status)
                .entity(Templates.outcome(outcome, Viewer.of(config.web().login(), identity, idToken, outcome.back())))
                .type(MediaType.TEXT_HTML)
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
