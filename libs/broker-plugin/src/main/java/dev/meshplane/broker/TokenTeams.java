package dev.meshplane.broker;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The teams in an access token's payload: a claim holding group names (a leading '/' of a group path dropped). */
final class TokenTeams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenTeams() {}

    /**
     * The teams of {@code jwt}, a token the broker has already validated (signature, expiry, issuer, audience); empty
     * when the claim is absent or not a list of names.
     */
    static Set<String> of(String jwt, String claim) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Set.of();
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return Set.of();
        }
        Set<String> teams = new LinkedHashSet<>();
        if (payload != null) {
            for (JsonNode group : payload.path(claim)) {
                if (group.isTextual() && !group.asText().isBlank()) {
                    String name = group.asText();
                    teams.add(name.startsWith("/") ? name.substring(1) : name);
                }
            }
        }
        return teams;
    }
}
