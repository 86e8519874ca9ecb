package dev.meshplane.catalog.rest;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The identity provider of the {@code @QuarkusTest}s, reduced to its signing key: a fresh RSA key pair per start.
 * The catalog verifies tokens with the public half ({@code quarkus.oidc.public-key}, no provider to discover);
 * {@link Tokens} signs with the private half, passed through a system property so the tests see it whichever class
 * loader runs them. Nothing is written to disk or kept in the sources.
 */
public class TestIdentity implements QuarkusTestResourceLifecycleManager {

    static final String PRIVATE_KEY = "catalog-test.identity.private-key";

    @Override
    public Map<String, String> start() {
        KeyPair pair = newKeyPair();
        System.setProperty(
                PRIVATE_KEY,
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        return Map.of(
                "quarkus.oidc.public-key",
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    @Override
    public void stop() {
        System.clearProperty(PRIVATE_KEY);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no RSA in this JDK", e);
        }
    }
}
