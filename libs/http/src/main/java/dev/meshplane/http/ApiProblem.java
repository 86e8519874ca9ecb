package dev.meshplane.http;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem body, the one shape every Meshplane service answers an error with, so a client handles the
 * errors of all of them the same way. {@code detail} says what to fix; {@code parameter} names the query parameter
 * or body field that was wrong, so a client can point at it.
 */
public record ApiProblem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of the given status with no particular parameter at fault. */
    public static ApiProblem of(int status, String detail) {
        return of(status, detail, null);
    }

    public static ApiProblem of(int status, String detail, String parameter) {
        return new ApiProblem("about:blank", title(status), status, detail, parameter);
    }

    /** The response carrying this problem; callers add headers such as {@code Retry-After}. */
    public Response.ResponseBuilder response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
