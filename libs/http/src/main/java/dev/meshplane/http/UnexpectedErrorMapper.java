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
 * (this library's, the store-not-ready one, Quarkus's own) still wins for its exceptions.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(Exception e) {
        String id = UUID.randomUUID().toString();
        String target = (request == null ? "the request" : request.getMethod())
                + (uri == null ? "" : " " + ApiProblem.quote("/" + uri.getPath().replaceFirst("^/", "")));
        LOG.errorf(e, "error %s answering %s", id, target);
        return ApiProblem.of(
                        500,
                        "the service failed to answer " + target + " (error id " + id
                                + "); retry, and report the id if it persists")
                .response()
                .build();
    }
}
