package dev.meshplane.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A request body over the service's limit ({@code quarkus.http.limits.max-body-size}) is a 413 problem that names the
 * limit, answered before any resource reads the body. Quarkus enforces the same limit, but answers a declared length
 * over it with an empty 413 and a chunked body over it with a closed connection: neither says what to fix. This runs
 * on the router ahead of it (Quarkus's check is route order -2).
 *
 * <p>A declared {@code Content-Length} over the limit is refused at once; what the client still sends is read and
 * dropped, up to {@link #DRAIN_BYTES}, so a client that writes its whole body before reading the answer (most do) gets
 * the problem rather than a reset connection. A chunked body is read whole up to the limit (every Meshplane API takes a
 * few KiB) and handed to the resource from memory.
 */
@ApplicationScoped
public class RequestBodyLimit {

    /** Ahead of Quarkus's own body-size check (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT, -2). */
    static final int ROUTE_ORDER = -3;

    /** How much of a refused body is read and dropped before the connection is closed on the client. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;

    void install(
            @Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        long limit = maxBodySize.asLongValue();
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false);
        router.route().order(ROUTE_ORDER).handler(context -> check(context, limit, chunked));
        router.route().order(ROUTE_ORDER).failureHandler(context -> {
            if (context.statusCode() == 413 && !context.response().ended()) {
                refuse(context, limit, -1);
            } else {
                context.next();
            }
        });
    }

    private static void check(RoutingContext context, long limit, BodyHandler chunked) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length = parse(declared);
            if (length > limit) {
                refuse(context, limit, length);
            } else {
                context.next();
            }
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            chunked.handle(context); // fails the context with 413 past the limit: the failure handler answers
        } else {
            context.next();
        }
    }

    /** Answers 413 now and drops what is still coming of the body. {@code length} is -1 when it was not declared. */
    private static void refuse(RoutingContext context, long limit, long length) {
        HttpServerRequest request = context.request();
        String detail = (length < 0
                        ? "the request body is larger than the " + size(limit) + " this service accepts"
                        : "the request body is " + size(length) + ", larger than the " + size(limit)
                                + " this service accepts")
                + "; send a smaller body (see " + WebApplicationExceptionMapper.API_DESCRIPTION + " for what "
                + request.method() + " " + ApiProblem.quote(request.path()) + " takes)";
        ApiProblem problem = ApiProblem.of(413, detail);
        if (!request.isEnded()) {
            long[] dropped = {0};
            request.handler(chunk -> {
                dropped[0] += chunk.length();
                if (dropped[0] > DRAIN_BYTES && request.version() != HttpVersion.HTTP_2) {
                    request.connection().close();
                }
            });
            request.endHandler(ignored -> {});
            request.exceptionHandler(ignored -> {});
            request.resume();
        }
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiProblem.MEDIA_TYPE)
                .end(new JsonObject()
                        .put("type", problem.type())
                        .put("title", problem.title())
                        .put("status", problem.status())
                        .put("detail", problem.detail())
                        .put("parameter", problem.parameter())
                        .encode());
    }

    private static long parse(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP decoder has already refused it
        }
    }

    /** 1048576 as "1 MiB (1048576 bytes)": the unit a person configures, and the exact figure. */
    static String size(long bytes) {
        String human;
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            human = bytes / (1024 * 1024) + " MiB";
        } else if (bytes >= 1024 && bytes % 1024 == 0) {
            human = bytes / 1024 + " KiB";
        } else if (bytes >= 1024 * 1024) {
            human = String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        } else {
            return bytes + " bytes";
        }
        return human + " (" + bytes + " bytes)";
    }
}
