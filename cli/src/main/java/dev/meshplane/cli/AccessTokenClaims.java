package dev.meshplane.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an access token says about its holder, read from the JWT's payload for display ({@code mesh whoami}) only: the
 * CLI does not verify the signature, the services that receive the token do. A token that is not a JWT gives empty
 * claims.
 *
 * @param user {@code preferred_username}
 * @param clientId {@code azp} (or {@code client_id}): the client the token was issued to
 * @param teams {@code groups}, as short names (a leading '/' of a full group path is dropped)
 * @param expiresAt {@code exp} in epoch seconds, 0 when absent
 */
record AccessTokenClaims(String user, String clientId, List<String> teams, long expiresAt) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final AccessTokenClaims NONE = new AccessTokenClaims(null, null, List.of(), 0);

    static AccessTokenClaims of(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            return NONE;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return NONE;
        }
        if (payload == null || !payload.isObject()) {
            return NONE;
        }
        List<String> teams = new ArrayList<>();
        for (JsonNode g : payload.path("groups")) {
            String name = g.asText();
            teams.add(OAuthError.clean(name.startsWith("/") ? name.substring(1) : name, 100));
        }
        String client = payload.path("azp").isTextual()
                ? payload.path("azp").asText()
                : payload.path("client_id").asText(null);
        return new AccessTokenClaims(
                text(payload, "preferred_username"),
                client == null ? null : OAuthError.clean(client, 100),
                List.copyOf(teams),
                payload.path("exp").asLong(0));
    }

    private static String text(JsonNode payload, String field) {
        return payload.path(field).isTextual()
                ? OAuthError.clean(payload.path(field).asText(), 100)
                : null;
    }
}
