package dev.meshplane.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import dev.meshplane.alerting.Messages;

/**
 * A webhook receiver on loopback, as a team would run one: it records every request it takes (delivery key, body,
 * whether the signature is the HMAC of the body under the shared secret, when it arrived) and answers with the status
 * the test sets: 200, or 503 to play a receiver that is down for a while, or 400 for one that refuses.
 */
final class HookReceiver implements AutoCloseable {

    /** A request the receiver answered 2xx. */
    record Received(String deliveryKey, String body, boolean signatureValid, long nanos) {}

    private final HttpServer server;
    private final String secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int status = 200;

    HookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.nanoTime();
            int answer = status;
            if (answer / 100 == 2) {
                String signature = exchange.getRequestHeaders().getFirst(Messages.SIGNATURE_HEADER);
                received.add(new Received(
                        exchange.getRequestHeaders().getFirst(Messages.DELIVERY_HEADER),
                        new String(body, StandardCharsets.UTF_8),
                        Messages.signature(secret, body).equals(signature),
                        now));
            } else {
                refused.incrementAndGet();
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int status) {
        this.status = status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The distinct delivery keys received, in the order of their first arrival. */
    List<String> keys() {
        return received.stream().map(Received::deliveryKey).distinct().toList();
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
