package dev.meshplane.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.ForbiddenException;

/**
 * A valid token that does not allow the request (a security check such as {@code @RolesAllowed} said no): a 403
 * problem. Resources that decide themselves (a token without a team) throw {@link ProblemException#forbidden} with
 * their own detail instead.
 */
@Provider
public class ForbiddenMapper implements ExceptionMapper<ForbiddenException> {

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(ForbiddenException e) {
        return ApiProblem.of(
                        403,
                        "the access token does not allow " + AccessToken.target(request, uri)
                                + "; ask your administrator for the group it needs")
                .response()
                .build();
    }
}
