package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.IdentityProvider.TokenResponse;
import dev.meshplane.testing.TestPlatform;

/**
 * The real Keycloak with the seeded realm ({@code deploy/local/realm/meshplane-realm.json}), started by the test
 * platform as {@code deploy/local/platform up identity} starts it: every seeded person and service account gets a token
 * naming its team in {@code groups}, for the audiences {@code meshplane} and {@code kafka}; wrong credentials get none.
 * The tokens' signatures are not checked here (the parties that accept tokens will check them).
 */
class IdentityProviderIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The people of the example organisation and their teams: the realm file's contract. */
    private static final Map<String, String> PEOPLE = Map.of(
            "sara.owner", "sales",
            "jane.doe", "sales",
            "carlos.owner", "customers",
            "sam.lee", "customers",
            "ana.analyst", "analytics",
            "max.ml", "ml-platform",
            "pat.admin", "platform");

    /** The confidential clients with a service account, and the team that account belongs to. */
    private static final Map<String, String> SERVICE_ACCOUNTS = Map.of(
            "svc-governance", "platform",
            "svc-catalog", "platform",
            "svc-quality", "platform",
            "svc-freshness", "platform",
            "svc-alerting", "platform",
            "pipeline-sales", "sales",
            "pipeline-customers", "customers");

    private static TestPlatform platform;
    private static IdentityProvider identity;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        long t = System.nanoTime();
        identity = platform.startIdentity();
        System.out.printf(
                "IdentityProviderIT: Keycloak ready in %.1f s, RSS %d MiB%n",
                (System.nanoTime() - t) / 1e9, identity.process().rssMiB());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static Stream<Arguments> people() {
        return new TreeMap<>(PEOPLE).entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> serviceAccounts() {
        return new TreeMap<>(SERVICE_ACCOUNTS).entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} signs in and is in team {1}")
    @MethodSource("people")
    void eachPersonGetsATokenNamingTheirTeam(String username, String team) {
        JsonNode claims = claims(identity.token(username, IdentityProvider.LOCAL_PASSWORD));

        assertThat(strings(claims.get("groups"))).containsExactly(team);
        assertThat(claims.path("preferred_username").asText()).isEqualTo(username);
        assertThat(claims.path("azp").asText()).isEqualTo(IdentityProvider.CLI_CLIENT);
        assertStandardClaims(claims);
    }

    @ParameterizedTest(name = "{0} gets a service-account token in team {1}")
    @MethodSource("serviceAccounts")
    void eachServiceAccountGetsATokenNamingItsTeam(String clientId, String team) {
        JsonNode claims = claims(identity.clientToken(clientId, clientId + "-local-secret"));

        assertThat(strings(claims.get("groups"))).containsExactly(team);
        assertThat(claims.path("preferred_username").asText()).isEqualTo("service-account-" + clientId);
        assertThat(claims.path("azp").asText()).isEqualTo(clientId);
        assertStandardClaims(claims);
    }

    private static void assertStandardClaims(JsonNode claims) {
        assertThat(claims.path("iss").asText()).isEqualTo(identity.issuer());
        assertThat(strings(claims.get("aud"))).contains("meshplane", "kafka");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong())
                .as("access token lifespan, seconds")
                .isEqualTo(300);
    }

    @Test
    void theTestsCoverEveryAccountTheRealmFileSeeds() throws IOException {
        JsonNode realm = JSON.readTree(TestPlatform.repositoryRoot()
                .resolve("deploy/local/realm/meshplane-realm.json")
                .toFile());
        List<String> people = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        realm.get("users").forEach(user -> {
            if (user.hasNonNull("serviceAccountClientId")) {
                serviceAccounts.add(user.get("serviceAccountClientId").asText());
            } else {
                people.add(user.get("username").asText());
            }
        });

        assertThat(people).containsExactlyInAnyOrderElementsOf(PEOPLE.keySet());
        assertThat(serviceAccounts).containsExactlyInAnyOrderElementsOf(SERVICE_ACCOUNTS.keySet());
    }

    @Test
    void aWrongPasswordIsRefused() {
        TokenResponse response = identity.passwordGrant("jane.doe", "not-her-password");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("invalid_grant");
        assertThat(response.body().has("access_token")).isFalse();
    }

    @Test
    void anUnknownPersonIsRefused() {
        TokenResponse response = identity.passwordGrant("nobody.here", IdentityProvider.LOCAL_PASSWORD);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("invalid_grant");
        assertThat(response.body().has("access_token")).isFalse();
    }

    @Test
    void aWrongClientSecretIsRefused() {
        TokenResponse response = identity.clientCredentialsGrant("pipeline-sales", "svc-governance-local-secret");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("unauthorized_client");
        assertThat(response.body().has("access_token")).isFalse();
    }

    @Test
    void theCommandLineClientMayStartADeviceSignIn() {
        TokenResponse response = identity.post(
                identity.issuer() + "/protocol/openid-connect/auth/device",
                Map.of("client_id", IdentityProvider.CLI_CLIENT));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("user_code").asText()).isNotBlank();
        assertThat(response.body().path("verification_uri").asText()).startsWith(identity.issuer());
    }

    /** The payload of a JWT, decoded but not verified. */
    private static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("a signed JWT has three parts").hasSize(3);
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("the token's payload is not JSON: " + parts[1], e);
        }
    }

    private static List<String> strings(JsonNode node) {
        assertThat(node).as("claim").isNotNull();
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
