package dev.meshplane.catalog.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access tokens as the platform's identity provider issues them (RS256 JWTs with Keycloak's claims: {@code iss},
 * {@code aud} meshplane, {@code preferred_username}, {@code groups}, {@code exp}), signed with {@link TestIdentity}'s
 * key, or made wrong on purpose: expired, from another issuer, for another audience, signed with another key.
 */
final class Tokens {

    /** The issuer the catalog is configured with (meshplane.identity.issuer's default). */
    static final String ISSUER = "http://127.0.0.1:8180/realms/meshplane";

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private PrivateKey key;

    private Tokens() {
        Instant now = Instant.now();
        claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", ISSUER);
        claims.put("aud", List.of("meshplane"));
        claims.put("sub", "5f1c3a5e-0d7e-4d8b-9a57-1c1d0c0ffee0");
        claims.put("typ", "Bearer");
    }

    /** A token for {@code person} in {@code groups} (no groups claim at all when none are given). */
    static Tokens of(String person, String... groups) {
        Tokens t = new Tokens();
        t.claims.put("preferred_username", person);
        if (groups.length > 0) {
            t.claims.put("groups", List.of(groups));
        }
        return t;
    }

    /** {@code Bearer <token>} for {@code person} in {@code groups}. */
    static String bearer(String person, String... groups) {
        return of(person, groups).bearer();
    }

    Tokens claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** Expired {@code ago}. */
    Tokens expired(Duration ago) {
        Instant exp = Instant.now().minus(ago);
        claims.put("exp", exp.getEpochSecond());
        claims.put("iat", exp.minus(Duration.ofMinutes(5)).getEpochSecond());
        return this;
    }

    /** Signed with another key than the provider's: what a forger can do. */
    Tokens forged() {
        key = TestIdentity.newKeyPair().getPrivate();
        return this;
    }

    String bearer() {
        return "Bearer " + jwt();
    }

    String jwt() {
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"catalog-test\"}");
        String payload = base64Url(json(claims));
        String signed = header + "." + payload;
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key == null ? providerKey() : key);
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey providerKey() throws GeneralSecurityException {
        String encoded = System.getProperty(TestIdentity.PRIVATE_KEY);
        if (encoded == null) {
            throw new IllegalStateException(
                    "no signing key: the test class needs @WithTestResource(TestIdentity.class)");
        }
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The claims as JSON: strings, whole numbers and lists of strings are all a token here holds. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> members = new ArrayList<>();
            map.forEach((k, v) -> members.add(json(k) + ":" + json(v)));
            return "{" + String.join(",", members) + "}";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Tokens::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
