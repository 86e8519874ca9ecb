package dev.meshplane.streams;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import dev.meshplane.http.ApiProblem;

/**
 * A read of a state store that is not queryable yet (the service is starting, rebalancing, or restoring its stores
 * after a restart) is a 503 problem with {@code Retry-After}: the answer exists, just not here yet. Resources read
 * their stores and let this exception through.
 */
@Provider
public class StoreNotReadyMapper implements ExceptionMapper<InvalidStateStoreException> {

    static final int RETRY_AFTER_SECONDS = 2;

    @Override
    public Response toResponse(InvalidStateStoreException e) {
        return ApiProblem.of(
                        503,
                        "the service is still loading its state from the mesh's topics (starting, rebalancing or"
                                + " restoring after a restart); retry in " + RETRY_AFTER_SECONDS + " seconds")
                .response()
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
