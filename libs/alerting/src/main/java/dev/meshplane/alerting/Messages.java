package dev.meshplane.alerting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;

/**
 * What each kind of destination receives for an alert change. Every message carries the alert id, so a receiver can
 * tell a repeated delivery (the same alert id, state and time: at-least-once) from a new change.
 */
public final class Messages {

    /** The header a webhook's signature travels in: {@code sha256=<hex HMAC-SHA256 of the body>}. */
    public static final String SIGNATURE_HEADER = "X-Meshplane-Signature";
    /** The header naming the delivery: the same for every retry and redelivery of one alert change. */
    public static final String DELIVERY_HEADER = "X-Meshplane-Delivery";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {}

    /** {@code <alertId>|<state>|<changedAt ms>}: one alert change, whichever delivery of it. */
    public static String deliveryKey(AlertStateChanged a) {
        return a.getAlertId() + "|" + a.getState() + "|" + a.getChangedAt().toEpochMilli();
    }

    /** The generic webhook's body: the alert change as JSON, times as ISO-8601. */
    public static byte[] webhook(AlertStateChanged a) {
        ObjectNode body = JSON.createObjectNode();
        body.put("deliveryKey", deliveryKey(a));
        body.put("alertId", a.getAlertId());
        body.put("productId", a.getProductId());
        body.put("kind", a.getKind().name());
        body.put("state", a.getState().name());
        body.put("severity", Severity.of(a).wireName());
        body.put("summary", a.getSummary());
        body.put("owner", a.getOwner());
        body.put("oncall", a.getOncall());
        body.put("checkId", a.getCheckId());
        body.put("changedAt", a.getChangedAt().toString());
        body.set("details", JSON.valueToTree(details(a)));
        return bytes(body);
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A Slack incoming-webhook message: the text, and the same as one mrkdwn section. */
    public static byte[] slack(AlertStateChanged a) {
        boolean firing = a.getState() == AlertState.FIRING;
        String text = (firing ? ":rotating_light: FIRING" : ":white_check_mark: RESOLVED") + " " + a.getProductId()
                + ": " + a.getSummary();
        String detail = "*" + escapeSlack(text) + "*\nOn call: " + escapeSlack(String.valueOf(a.getOncall()))
                + " · owner: " + escapeSlack(String.valueOf(a.getOwner())) + " · alert `" + escapeSlack(a.getAlertId())
                + "`";
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        ObjectNode section = body.putArray("blocks").addObject();
        section.put("type", "section");
        ObjectNode t = section.putObject("text");
        t.put("type", "mrkdwn");
        t.put("text", detail);
        return bytes(body);
    }

    /**
     * A PagerDuty Events API v2 event: {@code trigger} for FIRING, {@code resolve} for RESOLVED, the alert id as the
     * deduplication key (so PagerDuty folds repeats of one alert into one incident and resolves it).
     */
    public static byte[] pagerDuty(AlertStateChanged a, String routingKey) {
        ObjectNode body = JSON.createObjectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", a.getState() == AlertState.FIRING ? "trigger" : "resolve");
        body.put("dedup_key", a.getAlertId());
        if (a.getState() == AlertState.FIRING) {
            ObjectNode payload = body.putObject("payload");
            payload.put("summary", truncate(a.getProductId() + ": " + a.getSummary(), 1024));
            payload.put("source", a.getProductId());
            payload.put("severity", Severity.of(a) == Severity.CRITICAL ? "critical" : "warning");
            payload.put("timestamp", a.getChangedAt().toString());
            if (a.getCheckId() != null) {
                payload.put("component", a.getCheckId());
            }
            payload.put("group", a.getProductId().split("/", 2)[0]);
            payload.put("class", a.getKind().name());
            Map<String, String> custom = details(a);
            custom.put("oncall", String.valueOf(a.getOncall()));
            custom.put("owner", String.valueOf(a.getOwner()));
            payload.set("custom_details", JSON.valueToTree(custom));
        }
        return bytes(body);
    }

    /** An e-mail: subject and plain-text body. */
    public record Email(String subject, String body) {}

    public static Email email(AlertStateChanged a) {
        String subject = "[" + a.getState() + "] " + a.getProductId() + ": " + truncate(a.getSummary(), 150);
        StringBuilder body = new StringBuilder()
                .append(a.getSummary())
                .append("\n\nProduct:  ")
                .append(a.getProductId())
                .append("\nState:    ")
                .append(a.getState())
                .append(" at ")
                .append(a.getChangedAt())
                .append("\nOn call:  ")
                .append(a.getOncall())
                .append("\nOwner:    ")
                .append(a.getOwner())
                .append("\nAlert id: ")
                .append(a.getAlertId());
        details(a).forEach((k, v) -> body.append("\n").append(k).append(": ").append(v));
        return new Email(subject, body.toString());
    }

    private static Map<String, String> details(AlertStateChanged a) {
        Map<String, String> out = new TreeMap<>();
        a.getDetails().forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static String escapeSlack(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
