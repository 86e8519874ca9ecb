package dev.meshplane.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local platform's stand-in for where a team works, so the demo shows alerts arriving: a webhook receiver that
 * checks each request's signature as a real receiver would ({@code X-Meshplane-Signature}, HMAC-SHA256 of the body
 * under the secret in {@value #SECRET_ENV}), and a real SMTP server (GreenMail) taking the alert e-mails. {@code GET
 * /hooks} and {@code GET /mail} list what arrived, newest last. Everything stays in memory; nothing leaves the machine.
 */
public final class DemoInbox {

    static final String SECRET_ENV = "MESH_DEMO_HOOK_SECRET";
    static final int HTTP_PORT = 8095;
    static final int SMTP_PORT = 2525;

    private record Hook(Instant at, String path, String deliveryKey, boolean signatureValid, String body) {}

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws IOException {
        // The JDK's server writes a response's headers and body apart; with Nagle's algorithm on, the body waits for
        // the client's delayed ACK (40 ms on Linux), which capped the receiver at about 22 requests a second (the
        // alerting bench, docs/alerting.md). Read once, when the server's configuration class loads: set it first.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        new DemoInbox().run(System.getenv(SECRET_ENV));
    }

    private void run(String secret) throws IOException {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(SECRET_ENV + " is not set: the inbox checks signatures with it");
        }
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", HTTP_PORT), 0);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/ready", e -> answer(e, 200, "{\"ready\":true}"));
        http.createContext("/hooks", e -> {
            if (e.getRequestMethod().equals("POST")) {
                byte[] body;
                try (InputStream in = e.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String signature = e.getRequestHeaders().getFirst("X-Meshplane-Signature");
                hooks.add(new Hook(
                        Instant.now(),
                        e.getRequestURI().getPath(),
                        e.getRequestHeaders().getFirst("X-Meshplane-Delivery"),
                        signature != null && signature.equals(sign(secret, body)),
                        new String(body, StandardCharsets.UTF_8)));
                answer(e, 200, "{}");
            } else {
                StringBuilder out = new StringBuilder("[");
                for (Hook h : hooks) {
                    out.append(out.length() > 1 ? ",\n" : "\n")
                            .append("{\"receivedAt\":\"")
                            .append(h.at())
                            .append("\",\"path\":\"")
                            .append(json(h.path()))
                            .append("\",\"deliveryKey\":\"")
                            .append(json(h.deliveryKey()))
                            .append("\",\"signatureValid\":")
                            .append(h.signatureValid())
                            .append(",\"body\":")
                            .append(h.body().isBlank() ? "null" : h.body())
                            .append('}');
                }
                answer(e, 200, out.append("\n]\n").toString());
            }
        });
        http.createContext("/mail", e -> {
            StringBuilder out = new StringBuilder("[");
            for (MimeMessage m : smtp.getReceivedMessages()) {
                try {
                    out.append(out.length() > 1 ? ",\n" : "\n")
                            .append("{\"to\":\"")
                            .append(json(String.join(",", addresses(m))))
                            .append("\",\"subject\":\"")
                            .append(json(m.getSubject()))
                            .append("\",\"deliveryKey\":\"")
                            .append(json(m.getHeader("X-Meshplane-Delivery", null)))
                            .append("\",\"body\":\"")
                            .append(json(GreenMailUtil.getBody(m)))
                            .append("\"}");
                } catch (MessagingException ex) {
                    out.append("{\"error\":\"").append(json(ex.getMessage())).append("\"}");
                }
            }
            answer(e, 200, out.append("\n]\n").toString());
        });
        http.start();
        System.out.printf(
                "inbox: webhooks http://127.0.0.1:%d/hooks, SMTP 127.0.0.1:%d, mail http://127.0.0.1:%d/mail%n",
                HTTP_PORT, SMTP_PORT, HTTP_PORT);
    }

    private static List<String> addresses(MimeMessage m) throws MessagingException {
        var all = m.getAllRecipients();
        return all == null
                ? List.of()
                : java.util.Arrays.stream(all).map(Object::toString).toList();
    }

    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void answer(HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "application/json");
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }
}
