package dev.meshplane.http;

import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A JSON body whose field has the wrong type ({@code "score": "ten"}), or that has a field the request does not take
 * (read with {@link StrictJson}), is a 400 problem naming the field, in the same shape as every other error (Quarkus's
 * own answer to it is a different JSON object, naming the Java classes). Registered ahead of the built-in mapper for
 * the same exception, as user mappers are.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException e) {
        String field = field(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", ", " (the fields are: ", ")"));
            return ApiProblem.of(
                            400,
                            "field '" + ApiProblem.quote(field) + "' is not a field of the request body" + known
                                    + "; a misspelt field would be lost, so nothing was done",
                            field)
                    .response()
                    .build();
        }
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String detail;
        if (field.isEmpty() && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            detail = "the request body must be one JSON value, and something follows it"
                    + (e.getLocation() == null
                            ? ""
                            : " at column " + e.getLocation().getColumnNr());
        } else if (field.isEmpty()) {
            detail = "the request body must be " + expected + ", as described at "
                    + WebApplicationExceptionMapper.API_DESCRIPTION;
        } else {
            detail = "field '" + ApiProblem.quote(field) + "' of the request body must be " + expected;
        }
        return ApiProblem.of(400, detail, field.isEmpty() ? null : field)
                .response()
                .build();
    }

    /** Where in the body {@code e} happened, as {@code comment} or {@code items[2].name}; empty at the top. */
    static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
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
