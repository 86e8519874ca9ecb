package dev.meshplane.http;

import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON body whose field has the wrong type ({@code "score": "ten"}) is a 400 problem naming the field, in the same
 * shape as every other error (Quarkus's own answer to it is a different JSON object). Registered ahead of the
 * built-in mapper for the same exception, as user mappers are.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String detail = field.isEmpty()
                ? "the request body must be " + expected + " (" + e.getOriginalMessage() + ")"
                : "field '" + field + "' of the request body must be " + expected;
        return ApiProblem.of(400, detail, field.isEmpty() ? null : field)
                .response()
                .build();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }
}
