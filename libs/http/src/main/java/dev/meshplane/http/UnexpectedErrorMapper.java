package dev.meshplane.http;

import java.util.UUID;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

/**
 * What no other mapper answers is a defect of the service, not of the request: a 500 problem with an id the client
 * can report, the same id in the log with the stack trace, and no stack trace in the body. Every more specific mapper
 * (this library's, the store-not-ready one, Quarkus's own) still wins for its exceptions. One case is not a defect: an
 * identity provider that cannot be reached to verify a token is a 503 with {@code Retry-After}.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Context
    UriInfo uri;

    @Context
    Request request;

    /**
     * What quarkus-oidc raises when it cannot reach the identity provider to verify a token (named, not imported:
     * only the services that verify tokens have it).
     */
    static final String PROVIDER_UNREACHABLE = "io.quarkus.oidc.OIDCException";

    /** Seconds a client waits before it retries when the identity provider could not be reached. */
    static final int PROVIDER_RETRY_SECONDS = 10;

    @Override
    public Response toResponse(Exception e) {
        String id = UUID.randomUUID().toString();
        String target = (request == null ? "the request" : request.getMethod())
                + (uri == null ? "" : " " + ApiProblem.quote("/" + uri.getPath().replaceFirst("^/", "")));
        if (PROVIDER_UNREACHABLE.equals(e.getClass().getName())) {
            LOG.warnf("error %s answering %s: the identity provider was not reached: %s", id, target, e.getMessage());
            return ApiProblem.of(
                            503,
                            "the service could not reach the identity provider to verify the access token sent with "
                                    + target + " (error id " + id + "); retry in " + PROVIDER_RETRY_SECONDS
                                    + " seconds, and report the id if it persists")
                    .response()
                    .header("Retry-After", PROVIDER_RETRY_SECONDS)
                    .build();
        }
        LOG.errorf(e, "error %s answering %s", id, target);
        return ApiProblem.of(
                        500,
                        "the service failed to answer " + target + " (error id " + id
                                + "); retry, and report the id if it persists")
                .response()
                .build();
    }
}
