package dev.meshplane.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;

/**
 * A bearer token that was sent and refused (not a token at all, expired, forged, from another identity provider or for
 * another audience): a 401 problem with {@code WWW-Authenticate: Bearer error="invalid_token"} whose detail says why,
 * where the token verifier said ({@link TokenRefusal}), and how to get a new one. Quarkus's own answer is an empty 401.
 */
@Provider
public class RefusedTokenMapper implements ExceptionMapper<AuthenticationFailedException> {

    private static final Logger LOG = Logger.getLogger(RefusedTokenMapper.class);

    /** The token verifier's exceptions are there only in services that verify tokens (quarkus-oidc brings them). */
    private static final boolean JOSE4J = present("org.jose4j.jwt.consumer.InvalidJwtException");

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(AuthenticationFailedException e) {
        String reason = JOSE4J ? TokenRefusal.reason(e) : null;
        String target = AccessToken.target(request, uri);
        LOG.debugf(e, "access token refused for %s: %s", target, reason);
        return ApiProblem.of(
                        401,
                        "the access token sent with " + target + " was refused: "
                                + (reason == null
                                        ? "it is not a valid token of the platform's identity provider"
                                        : reason)
                                + "; " + AccessToken.howToGetOne(true))
                .response()
                .header(HttpHeaders.WWW_AUTHENTICATE, AccessToken.INVALID_TOKEN_CHALLENGE)
                .build();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, RefusedTokenMapper.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
