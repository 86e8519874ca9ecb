package dev.meshplane.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Every error the framework raises (no such path, method not allowed, a body that is not JSON, ...) and every
 * {@link WebApplicationException} a resource throws becomes a problem body whose detail says what to fix. The message
 * a resource wrote is kept; the framework's own ("HTTP 404 Not Found", "Unable to find matching target resource
 * method") is replaced by one that names the request. Headers the exception carries ({@code Allow},
 * {@code Retry-After}) are kept; a response a resource built with its own body, and redirections, pass unchanged.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    /** Where each service describes its API. */
    static final String API_DESCRIPTION = "/q/openapi";

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Context
    HttpHeaders headers;

    /** Which resource method the request reached; none when routing itself failed. */
    @Context
    ResourceInfo resource;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status < 400 || original.hasEntity()) {
            return original;
        }
        ApiProblem problem = e.getCause() instanceof JsonProcessingException json
                ? unreadable(json, status)
                : ApiProblem.of(status, detail(e, status));
        return Response.fromResponse(original)
                .type(ApiProblem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /**
     * A body the JSON reader gave up on: not JSON at all, JSON past the reader's limits (nesting, length), or a number
     * out of range for its field, which the problem then names.
     */
    private static ApiProblem unreadable(JsonProcessingException json, int status) {
        String field = json instanceof JsonMappingException mapping ? UnreadableBodyMapper.field(mapping) : "";
        JsonProcessingException reason = json;
        while (reason instanceof JsonMappingException && reason.getCause() instanceof JsonProcessingException inner) {
            reason = inner; // Jackson wraps a reading error to say in which field it happened
        }
        String what = reason.getOriginalMessage() + where(reason.getLocation());
        String detail;
        if (reason instanceof StreamConstraintsException) {
            detail = "the request body is JSON beyond what the service reads (" + what + ")";
        } else if (reason instanceof InputCoercionException) {
            detail = (field.isEmpty() ? "a number in the request body" : "field '" + field + "' of the request body")
                    + " is out of range (" + what + ")";
        } else {
            detail = "the request body is not valid JSON (" + what + ")";
        }
        return ApiProblem.of(
                status,
                detail + "; send a JSON object as described at " + API_DESCRIPTION,
                field.isEmpty() ? null : field);
    }

    private String detail(WebApplicationException e, int status) {
        boolean routed = resource != null && resource.getResourceMethod() != null;
        if (routed && e.getMessage() != null && !e.getMessage().equals(defaultMessage(e.getResponse()))) {
            return e.getMessage(); // written by a resource for its caller
        }
        return switch (status) {
            case 400 -> "the request is malformed; see " + API_DESCRIPTION + " for what " + target() + " takes";
            case 404 -> "nothing at " + path() + "; check the path and the ids in it against " + API_DESCRIPTION;
            case 405 ->
                method() + " is not allowed on " + path() + allowed(e.getResponse()) + "; see " + API_DESCRIPTION;
            case 406 ->
                "no representation of " + path() + " matches Accept: " + header(HttpHeaders.ACCEPT)
                        + "; ask for application/json";
            case 415 ->
                "a body of Content-Type " + header(HttpHeaders.CONTENT_TYPE) + " is not accepted by " + target()
                        + "; see " + API_DESCRIPTION + " for the types it consumes";
            default ->
                status >= 500
                        ? "the service could not answer " + target() + "; retry, and report it if it persists"
                        : ApiProblem.title(status) + " for " + target() + "; see " + API_DESCRIPTION;
        };
    }

    /** What {@link WebApplicationException} says when it was given no message. */
    private static String defaultMessage(Response response) {
        return "HTTP " + response.getStatus() + " " + response.getStatusInfo().getReasonPhrase();
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String allowed(Response response) {
        String allow = response.getHeaderString(HttpHeaders.ALLOW);
        return allow == null || allow.isBlank() ? "" : " (allowed: " + allow + ")";
    }

    private String target() {
        return method() + " " + path();
    }

    private String method() {
        return request == null ? "this method" : request.getMethod();
    }

    private String path() {
        return uri == null ? "this path" : ApiProblem.quote("/" + uri.getPath().replaceFirst("^/", ""));
    }

    private String header(String name) {
        String value = headers == null ? null : headers.getHeaderString(name);
        return value == null || value.isBlank() ? "(none)" : ApiProblem.quote(value);
    }
}
