package io.sparkgate.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionHandler;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.AdmissionOutcome;
import io.sparkgate.webhook.admission.Reviews;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a handler can fail is answered, once, with a JSON body: an Error or exception thrown before the stage,
 * a stage failed or completed without an outcome, on the event loop or from another thread. Before, an Error (the
 * handler catch took only RuntimeException) and a stage completed with null (whose encode failure vanished into
 * {@code whenComplete}) left the request unanswered: the client saw a dropped connection after its timeout.
 */
class HandlerFailureIT {
    @TempDir
    static Path certs;
    static TestPki pki;
    static final Vertx VERTX = Vertx.vertx();
    static final ScheduledExecutorService OTHER_THREAD = Executors.newSingleThreadScheduledExecutor();
    static WebhookServer server;
    static HttpClient client;

    @BeforeAll
    static void start() {
        pki = new TestPki();
        pki.writeTo(certs);
        Map<String, AdmissionHandler> handlers = new LinkedHashMap<>();
        handlers.put("/throws-error", call -> {
            throw new StackOverflowError("deep");
        });
        handlers.put("/throws-exception", call -> {
            throw new IllegalStateException("bug");
        });
        handlers.put("/no-stage", call -> null);
        handlers.put("/null-outcome", call -> CompletableFuture.completedFuture(null));
        handlers.put("/null-outcome-later", call -> later(null, null));
        handlers.put("/fails-later", call -> later(null, new IllegalStateException("bug")));
        handlers.put("/allowed-later", call -> later(new AdmissionOutcome.Allowed(List.of()), null));
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = WebhookServer.start(VERTX, TestServer.config(certs), handlers, new AdmissionMetrics(registry),
                registry, new Readiness());
        client = HttpClient.newBuilder().sslContext(pki.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A stage completed from another thread after a while, as a stage waiting on a cache would be. */
    private static CompletableFuture<AdmissionOutcome> later(AdmissionOutcome outcome, Throwable failure) {
        CompletableFuture<AdmissionOutcome> stage = new CompletableFuture<>();
        OTHER_THREAD.schedule(() -> {
            if (failure != null) {
                stage.completeExceptionally(failure);
            } else {
                stage.complete(outcome);
            }
        }, 20, TimeUnit.MILLISECONDS);
        return stage;
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(5));
        OTHER_THREAD.shutdownNow();
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    private static HttpResponse<String> post(String path) throws Exception {
        String review = Json.write(Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI), "default"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)) // a dropped request fails here instead of hanging the build
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(review)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyFailureIsOne500WithAJsonBody() throws Exception {
        Map<String, String> expected = Map.of(
                "/throws-error", "StackOverflowError",
                "/throws-exception", "IllegalStateException",
                "/no-stage", "NullPointerException",
                "/null-outcome", "IllegalStateException",
                "/null-outcome-later", "IllegalStateException",
                "/fails-later", "IllegalStateException");
        for (var e : expected.entrySet()) {
            HttpResponse<String> response = post(e.getKey());
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(500);
            JsonNode body = Json.read(response.body(), JsonNode.class);
            assertThat(body.path("error").asText()).as(e.getKey())
                    .isEqualTo("sparkgate could not decide this request: " + e.getValue());
        }
        // The server counts a request done once its write completes, just after the client has read it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.inFlight()).as("requests left unanswered").isZero();
    }

    @Test
    void aStageCompletedFromAnotherThreadIsAnsweredWithItsReview() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return post("/allowed-later");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (var answer : answers) {
            HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode review = Json.read(response.body(), JsonNode.class);
            assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
            assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        }
    }
}
