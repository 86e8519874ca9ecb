package dev.meshplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class TokenSourceLoginTest {

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void theClientLearnsWhoAndUntilWhenFromThePayload() {
        String token = jwt("{\"preferred_username\":\"sara.owner\",\"iat\":1000,\"exp\":1300}");

        TokenSourceLogin.Token t = TokenSourceLogin.Token.of(token);

        assertThat(t.value()).isEqualTo(token);
        assertThat(t.principalName()).isEqualTo("sara.owner");
        assertThat(t.startTimeMs()).isEqualTo(1_000_000L);
        assertThat(t.lifetimeMs()).isEqualTo(1_300_000L);
        assertThat(t.toString()).doesNotContain(token).contains("sara.owner");
    }

    @Test
    void aTokenWithoutExpiryOrThatIsNoJwtIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> TokenSourceLogin.Token.of("opaque-token")).hasMessageContaining("not a JWT");
        assertThatThrownBy(() -> TokenSourceLogin.Token.of(jwt("{\"preferred_username\":\"x\"}")))
                .hasMessageContaining("no expiry");
        assertThatThrownBy(() -> TokenSourceLogin.Token.of("a.!!!.c")).hasMessageContaining("not JSON");
    }

    @Test
    void settingsHoldAnIdNotTheToken() {
        String token = jwt("{\"exp\":1300}");
        KafkaAuth auth = KafkaAuth.bearer(() -> token);

        assertThat(auth.applyTo(new java.util.HashMap<>()).values().toString()).doesNotContain(token);
        assertThat(auth.toString()).doesNotContain(token);
    }

    @Test
    void copiedSettingsAreTheAuthenticationOnesOnly() {
        var copied = KafkaAuth.copiedFrom(java.util.Map.of(
                        "bootstrap.servers", "b:1", "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"))
                .applyTo(new java.util.HashMap<>());

        assertThat(copied).containsOnlyKeys("security.protocol", "sasl.mechanism");
    }
}
