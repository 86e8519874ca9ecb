package dev.meshplane.cli;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OAuth 2.0 error answer ({@code {"error": "invalid_grant", "error_description": "..."}}, RFC 6749 §5.2 and RFC 8628
 * §3.5) as the provider sent it. Anything else (an HTML page from a proxy, an empty body) parses to an error with an
 * empty code, so callers fall back to the HTTP status. The description is cut and stripped of control characters
 * before anyone prints it: it comes from the network.
 */
record OAuthError(String error, String description) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DESCRIPTION = 200;

    static final OAuthError NONE = new OAuthError("", "");

    static OAuthError parse(String body) {
        if (body == null || body.isBlank()) {
            return NONE;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return NONE; // not JSON; the parser's message may quote the body, so it is not kept
        }
        if (node == null || !node.isObject() || !node.path("error").isTextual()) {
            return NONE;
        }
        return new OAuthError(
                clean(node.path("error").asText(), 64),
                clean(node.path("error_description").asText(""), MAX_DESCRIPTION));
    }

    boolean is(String code) {
        return error.equals(code);
    }

    /** {@code " (the provider said: ...)"}, or nothing when the provider gave no description. */
    String said() {
        return description.isEmpty() ? "" : " (the provider said: " + description + ")";
    }

    /** Printable text only, at most {@code max} characters: no terminal escapes or line breaks from the network. */
    static String clean(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > max) {
            sb.append("...");
        }
        return sb.toString().trim();
    }
}
