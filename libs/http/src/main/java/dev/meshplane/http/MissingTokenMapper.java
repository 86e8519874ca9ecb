package dev.meshplane.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.UnauthorizedException;

/**
 * A request that needs an identity and came without a token (or with credentials of another kind than a bearer token):
 * a 401 problem with {@code WWW-Authenticate: Bearer}, saying how to get a token. Quarkus raises it when an
 * {@code @Authenticated} method or an {@code authenticated} HTTP permission meets an anonymous request; it reaches
 * this mapper when authentication is not proactive ({@code quarkus.http.auth.proactive=false}).
 */
@Provider
public class MissingTokenMapper implements ExceptionMapper<UnauthorizedException> {

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(UnauthorizedException e) {
        return ApiProblem.of(
                        401,
                        AccessToken.target(request, uri) + " needs an access token and the request has none; "
                                + AccessToken.howToGetOne(false))
                .response()
                .header(HttpHeaders.WWW_AUTHENTICATE, AccessToken.CHALLENGE)
                .build();
    }
}
