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

    /** Longest piece of a request (an id, a path) a detail repeats whole. */
    static final int QUOTE_LIMIT = 120;

    /**
     * {@code text} from the request, as a detail repeats it: whole when short, else its start and its length, so a
     * 10,000-character id does not come back 10,000 characters long.
     */
    public static String quote(String text) {
        if (text == null || text.length() <= QUOTE_LIMIT) {
            return text;
        }
        return text.substring(0, QUOTE_LIMIT - 20) + "... (" + text.length() + " characters)";
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
