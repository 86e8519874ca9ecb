package dev.meshplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;

class MessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSignatureIsTheHmacSha256OfTheBody() {
        // the published HMAC-SHA256 example (key "key", the pangram): any receiver's library computes the same
        byte[] body = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        assertThat(Messages.signature("key", body))
                .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        assertThat(Messages.signature("other", body)).isNotEqualTo(Messages.signature("key", body));
    }

    @Test
    void aWebhookCarriesTheAlertAndTheKeyARepeatIsRecognizedBy() throws Exception {
        var a = Alerts.of(
                "sales/orders-daily-summary", AlertKind.QUALITY, AlertState.FIRING, "row_count_delta:*", 5000);
        JsonNode body = JSON.readTree(Messages.webhook(a));
        assertThat(body.get("alertId").asText()).isEqualTo("sales/orders-daily-summary#row_count_delta:*");
        assertThat(body.get("deliveryKey").asText())
                .isEqualTo("sales/orders-daily-summary#row_count_delta:*|FIRING|5000");
        assertThat(body.get("oncall").asText()).isEqualTo("jane.doe@company.com");
        assertThat(body.get("severity").asText()).isEqualTo("warning");
        assertThat(body.get("changedAt").asText()).isEqualTo("1970-01-01T00:00:05Z");
        assertThat(body.get("details").get("observed").asText()).isEqualTo("650");
    }

    @Test
    void pagerDutyTriggersAndResolvesOneIncidentByTheAlertId() throws Exception {
        var firing = Alerts.of("sales/orders-daily-summary", AlertKind.FRESHNESS, AlertState.FIRING, "freshness", 1);
        JsonNode trigger = JSON.readTree(Messages.pagerDuty(firing, "R0UTING"));
        assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UTING");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo("sales/orders-daily-summary#freshness");
        assertThat(trigger.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(trigger.at("/payload/source").asText()).isEqualTo("sales/orders-daily-summary");
        assertThat(trigger.at("/payload/group").asText()).isEqualTo("sales");
        var resolved =
                Alerts.of("sales/orders-daily-summary", AlertKind.FRESHNESS, AlertState.RESOLVED, "freshness", 2);
        JsonNode resolve = JSON.readTree(Messages.pagerDuty(resolved, "R0UTING"));
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText())
                .isEqualTo(trigger.get("dedup_key").asText());
        assertThat(resolve.has("payload")).isFalse();
    }

    @Test
    void slackAndEmailSayWhatFiredAndWhoIsOnCall() throws Exception {
        var a = Alerts.of("sales/orders-daily-summary", AlertKind.QUALITY, AlertState.FIRING, "<b>check</b>", 1);
        JsonNode slack = JSON.readTree(Messages.slack(a));
        assertThat(slack.get("text").asText()).startsWith(":rotating_light: FIRING sales/orders-daily-summary");
        assertThat(slack.at("/blocks/0/text/text").asText())
                .contains("On call: jane.doe@company.com", "&lt;b&gt;check&lt;/b&gt;")
                .doesNotContain("<b>");
        Messages.Email mail = Messages.email(a);
        assertThat(mail.subject()).startsWith("[FIRING] sales/orders-daily-summary: ");
        assertThat(mail.body()).contains("On call:  jane.doe@company.com", "observed: 650");
    }
}
