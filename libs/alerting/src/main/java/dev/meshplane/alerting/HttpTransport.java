package dev.meshplane.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.meshplane.events.v1.AlertStateChanged;

/**
 * Webhook, Slack and PagerDuty deliveries over HTTP, secrets resolved from the environment at send time. 2xx is
 * delivered; 408, 429, 5xx and an unreachable receiver are retried; any other status is a refusal no retry changes. A
 * reason names the destination and the status, never a URL (a Slack URL is a secret) or a key.
 */
public final class HttpTransport implements Courier.Transport {

    private final HttpClient http;
    private final Map<String, String> env;
    private final Duration timeout;

    public HttpTransport(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(RoutingFile.Destination d, AlertStateChanged alert) throws Courier.DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(Messages.DELIVERY_HEADER, Messages.deliveryKey(alert));
        byte[] body;
        switch (d.type()) {
            case WEBHOOK -> {
                body = Messages.webhook(alert);
                request.header(
                        Messages.SIGNATURE_HEADER, Messages.signature(RoutingFile.resolve(d.secret(), env), body));
            }
            case SLACK -> body = Messages.slack(alert);
            case PAGERDUTY -> body = Messages.pagerDuty(alert, RoutingFile.resolve(d.routingKey(), env));
            default -> throw new Courier.DeliveryException(d.name() + ": " + d.type() + " is not sent over HTTP", true);
        }
        URI uri;
        try {
            uri = URI.create(RoutingFile.resolve(d.url(), env));
        } catch (IllegalArgumentException e) {
            throw new Courier.DeliveryException(d.name() + ": its url is not a URL", true);
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.uri(uri)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Courier.DeliveryException(
                    d.name() + ": unreachable (" + e.getClass().getSimpleName() + ")", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Courier.DeliveryException(d.name() + ": interrupted", false);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String said = response.body() == null ? "" : response.body().strip();
        String reason = d.name() + ": HTTP " + status
                + (said.isEmpty() ? "" : " " + said.substring(0, Math.min(200, said.length())));
        throw new Courier.DeliveryException(reason, !(status == 408 || status == 429 || status / 100 == 5));
    }
}
