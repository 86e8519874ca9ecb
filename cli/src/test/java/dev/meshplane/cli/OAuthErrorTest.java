package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The provider's error bodies, what the CLI makes of them, and what it reads from an access token. */
class OAuthErrorTest {

    private static final String ISSUER = "http://127.0.0.1:8180/realms/meshplane";

    private static OidcProvider.Refused refused(int status, String body) {
        return new OidcProvider.Refused(status, OAuthError.parse(body));
    }

    @Test
    void keycloaksErrorBodiesParse() {
        OAuthError e =
                OAuthError.parse("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
        assertThat(e).isEqualTo(new OAuthError("invalid_grant", "Invalid user credentials"));
        assertThat(e.is("invalid_grant")).isTrue();
        assertThat(e.said()).isEqualTo(" (the provider said: Invalid user credentials)");

        assertThat(OAuthError.parse("{\"error\":\"authorization_pending\"}"))
                .isEqualTo(new OAuthError("authorization_pending", ""));
        assertThat(OAuthError.parse("{\"error\":\"slow_down\",\"error_description\":null}")
                        .said())
                .isEmpty();
    }

    @Test
    void bodiesThatAreNoOAuthErrorGiveAnEmptyCode() {
        for (String body : List.of(
                "",
                "   ",
                "<html><body>502 Bad Gateway</body></html>",
                "[1,2]",
                "{\"error\":{\"code\":5}}",
                "{\"message\":\"x\"}",
                "{\"error\":\"unterminated")) {
            assertThat(OAuthError.parse(body)).as(body).isEqualTo(OAuthError.NONE);
        }
        assertThat(OAuthError.parse(null)).isEqualTo(OAuthError.NONE);
    }

    @Test
    void descriptionsFromTheNetworkLoseControlCharactersAndLength() {
        OAuthError e = OAuthError.parse(
                "{\"error\":\"invalid_grant\",\"error_description\":\"line one\\nline two \\u001b[31mred\"}");
        assertThat(e.description()).isEqualTo("line one line two  [31mred");

        OAuthError longOne = OAuthError.parse("{\"error\":\"x\",\"error_description\":\"" + "a".repeat(1000) + "\"}");
        assertThat(longOne.description()).hasSize(203).endsWith("...");
    }

    @Test
    void aWrongPasswordOrUnknownUserIsSaidSo() {
        assertThat(LoginCommands.passwordRefusal(
                        refused(
                                401,
                                "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}"),
                        "sara.owner",
                        ISSUER))
                .isEqualTo("wrong user name or password (user 'sara.owner' at " + ISSUER + "); nothing was stored");
    }

    @Test
    void otherRefusedLoginsPassOnTheProvidersReason() {
        assertThat(LoginCommands.passwordRefusal(
                        refused(
                                400,
                                "{\"error\":\"invalid_grant\",\"error_description\":\"Account is not fully set up\"}"),
                        "new.person",
                        ISSUER))
                .isEqualTo("the provider at " + ISSUER + " refused the login of 'new.person' (the provider said:"
                        + " Account is not fully set up); nothing was stored");
        assertThat(LoginCommands.passwordRefusal(
                        refused(
                                400,
                                "{\"error\":\"unauthorized_client\",\"error_description\":\"Client not allowed"
                                        + " for direct access grants\"}"),
                        "u",
                        ISSUER))
                .contains("does not let client mesh-cli log in with a password")
                .contains("'mesh login' without --user");
        assertThat(LoginCommands.passwordRefusal(refused(503, "<html>down</html>"), "u", ISSUER))
                .isEqualTo("the provider at " + ISSUER + " answered HTTP 503 to the login; nothing was stored");
    }

    @Test
    void aRefusedPipelineClientNamesTheVariablesToCheck() {
        assertThat(LoginCommands.clientRefusal(
                        refused(
                                401,
                                "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or"
                                        + " Invalid client credentials\"}"),
                        "pipeline-sales",
                        ISSUER))
                .isEqualTo("the provider at " + ISSUER + " refused pipeline client 'pipeline-sales' (the provider"
                        + " said: Invalid client or Invalid client credentials): check MESH_CLIENT_ID and"
                        + " MESH_CLIENT_SECRET");
    }

    @Test
    void aClientWithoutTheDeviceGrantPointsToThePasswordLogin() {
        assertThat(LoginCommands.deviceRefusal(
                        refused(
                                400,
                                "{\"error\":\"unauthorized_client\",\"error_description\":\"Client is not"
                                        + " allowed to initiate OAuth 2.0 Device Authorization Grant\"}"),
                        ISSUER))
                .startsWith("the provider at " + ISSUER + " does not offer the device login to client mesh-cli")
                .endsWith(": log in with 'mesh login --user NAME --password-stdin'");
    }

    @Test
    void theRefusalExceptionCarriesOnlyTheErrorCode() {
        OidcProvider.Refused e =
                refused(401, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
        assertThat(e.getMessage()).isEqualTo("invalid_grant");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(refused(502, "oops").getMessage()).isEqualTo("HTTP 502");
    }

    @Test
    void anAccessTokensPayloadSaysWhoItIsFor() {
        AccessTokenClaims c =
                AccessTokenClaims.of(FakeProvider.jwt("sara.owner", List.of("/sales", "analytics"), "mesh-cli", 1));
        assertThat(c.user()).isEqualTo("sara.owner");
        assertThat(c.teams()).containsExactly("sales", "analytics");
        assertThat(c.clientId()).isEqualTo("mesh-cli");

        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String clientIdOnly = "h."
                + b.encodeToString(
                        "{\"client_id\":\"pipeline-sales\",\"exp\":1777000000}".getBytes(StandardCharsets.UTF_8))
                + ".s";
        assertThat(AccessTokenClaims.of(clientIdOnly))
                .isEqualTo(new AccessTokenClaims(null, "pipeline-sales", List.of(), 1777000000L));
    }

    @Test
    void anOpaqueOrBrokenTokenHasNoClaims() {
        for (String token : List.of("opaque", "a.b", "a.!!!.c", "a." + "W10" + ".c", "")) {
            assertThat(AccessTokenClaims.of(token)).as(token).isEqualTo(AccessTokenClaims.NONE);
        }
        assertThat(AccessTokenClaims.of(null)).isEqualTo(AccessTokenClaims.NONE);
    }
}
