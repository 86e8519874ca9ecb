package dev.meshplane.catalog.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.meshplane.catalog.streams.CatalogStore;

/**
 * An RFC 9457 problem body. {@code parameter} names the query parameter or field that was wrong, so a client can
 * point at it.
 */
public record ApiProblem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A request the catalog cannot answer as asked. */
    public static class ProblemException extends RuntimeException {
        final ApiProblem problem;

        ProblemException(ApiProblem problem) {
            super(problem.detail());
            this.problem = problem;
        }

        static ProblemException notFound(String what) {
            return new ProblemException(new ApiProblem("about:blank", "Not Found", 404, what, null));
        }

        static ProblemException badParameter(String parameter, String detail) {
            return new ProblemException(new ApiProblem("about:blank", "Bad Request", 400, detail, parameter));
        }
    }

    @Provider
    public static class ProblemMapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return Response.status(e.problem.status())
                    .type(MEDIA_TYPE)
                    .entity(e.problem)
                    .build();
        }
    }

    @Provider
    public static class NotReadyMapper implements ExceptionMapper<CatalogStore.CatalogNotReadyException> {
        @Override
        public Response toResponse(CatalogStore.CatalogNotReadyException e) {
            return Response.status(503)
                    .type(MEDIA_TYPE)
                    .header("Retry-After", "2")
                    .entity(new ApiProblem("about:blank", "Service Unavailable", 503, e.getMessage(), null))
                    .build();
        }
    }
}
