package dev.meshplane.http;

import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;

/**
 * What the token answers ({@link MissingTokenMapper}, {@link RefusedTokenMapper}, {@link ForbiddenMapper}) share: how
 * a person gets a token and sends it, and the {@code WWW-Authenticate} challenge of a 401 (RFC 6750: {@code Bearer},
 * with {@code error="invalid_token"} when a token was sent and refused).
 */
final class AccessToken {

    static final String CHALLENGE = "Bearer";

    static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

    private AccessToken() {}

    /** How a person gets a token for the platform's APIs (a new one, when the one sent was refused). */
    static String howToGetOne(boolean anew) {
        return "`mesh login` gets " + (anew ? "a new one" : "one")
                + " from the platform's identity provider; send it as Authorization: Bearer <token>";
    }

    /** {@code POST /api/v1/...}: the request a detail is about. */
    static String target(Request request, UriInfo uri) {
        return (request == null ? "this request" : request.getMethod())
                + (uri == null ? "" : " " + ApiProblem.quote("/" + uri.getPath().replaceFirst("^/", "")));
    }
}
