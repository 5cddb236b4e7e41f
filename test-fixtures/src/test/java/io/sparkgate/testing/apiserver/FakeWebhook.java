package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTPS admission webhook for testing the emulation (not the product's webhook): each path answers as the
 * test says — allow, patch, deny, sleep or fail — and remembers the AdmissionReview requests it received.
 */
final class FakeWebhook implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<JsonNode, Answer>> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

    /**
     * What to answer.
     *
     * @param allowed     response.allowed
     * @param patch       JSON Patch operations (a JSON array as text), or null
     * @param code        status.code of a denial
     * @param message     status.message of a denial
     * @param warnings    response.warnings
     * @param delayMillis how long to wait before answering
     * @param httpStatus  HTTP status to answer with; anything but 200 sends no review
     */
    record Answer(boolean allowed, String patch, int code, String message, List<String> warnings, long delayMillis,
                  int httpStatus) {
        static Answer allow() {
            return new Answer(true, null, 0, null, List.of(), 0, 200);
        }

        static Answer patch(String operations) {
            return new Answer(true, operations, 0, null, List.of(), 0, 200);
        }

        static Answer deny(int code, String message) {
            return new Answer(false, null, code, message, List.of(), 0, 200);
        }

        static Answer httpStatus(int status) {
            return new Answer(true, null, 0, null, List.of(), 0, status);
        }

        Answer delayed(long millis) {
            return new Answer(allowed, patch, code, message, warnings, millis, httpStatus);
        }

        Answer warning(String warning) {
            return new Answer(allowed, patch, code, message, List.of(warning), delayMillis, httpStatus);
        }
    }

    private FakeWebhook(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the webhook on an ephemeral loopback port, presenting the given server TLS context. */
    static FakeWebhook start(SSLContext tls) {
        try {
            return new FakeWebhook(tls);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets how a path answers. */
    FakeWebhook on(String path, Function<JsonNode, Answer> behaviour) {
        behaviours.put(path, behaviour);
        return this;
    }

    /** The AdmissionReview requests a path received, in order. */
    List<JsonNode> requests(String path) {
        return received.getOrDefault(path, List.of());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode review = Json.mapper().readTree(exchange.getRequestBody());
            JsonNode request = review.path("request");
            received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(request);
            Answer answer = behaviours.getOrDefault(path, r -> Answer.allow()).apply(request);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] body = answer.httpStatus() == 200 ? Json.write(review(request, answer)).getBytes(StandardCharsets.UTF_8)
                    : "no".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.httpStatus(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the emulation gave up waiting (timeout): nothing to answer
        }
    }

    private static ObjectNode review(JsonNode request, Answer answer) {
        ObjectNode review = Json.mapper().createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response");
        response.put("uid", request.path("uid").asText()).put("allowed", answer.allowed());
        if (answer.patch() != null) {
            response.put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(answer.patch().getBytes(StandardCharsets.UTF_8)));
        }
        if (!answer.allowed()) {
            response.putObject("status").put("code", answer.code()).put("message", answer.message());
        }
        answer.warnings().forEach(response.putArray("warnings")::add);
        return review;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
