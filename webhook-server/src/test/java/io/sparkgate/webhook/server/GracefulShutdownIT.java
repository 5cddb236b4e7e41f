package io.sparkgate.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkgate.api.Json;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.apps.AppLookup;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM's path: readiness goes false, the request in flight finishes, then the listeners close. */
class GracefulShutdownIT {
    @TempDir
    Path certs;

    @Test
    void inFlightRequestsFinishBeforeTheServerStops() throws Exception {
        // The executor's app is never found: the request waits the whole 3 s app wait (under the 4 s decision
        // deadline), in flight.
        TestServer server = new TestServer(certs, TestServer.config(certs), AdmissionEndpoints.Components.defaults(),
                AppLookup.none(), Duration.ofMillis(3000));
        int port = server.server.port();
        int healthPort = server.server.healthPort();
        HttpClient client = HttpClient.newBuilder().sslContext(server.pki.sslContext()).build();
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/mutate/pods"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(
                        Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.EXECUTORS), "default"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.registry.find("sparkgate.admission.duration").timers().isEmpty() && inFlight(server) == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20); // until the request has reached the server and waits for its app
        }

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.close());
        Thread.sleep(100);
        var readyz = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + healthPort + "/readyz").toURL()
                .openConnection();
        assertThat(readyz.getResponseCode()).isEqualTo(503);
        assertThat(shutdown).isNotDone();

        HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"allowed\":true").contains("is not known to sparkgate");
        assertThat(response.headers().firstValue("connection")).hasValue("close");
        shutdown.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
    }

    private static int inFlight(TestServer server) {
        return server.server.inFlight();
    }
}
