package io.sparkgate.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.AdmissionHandler;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.MissingAppPolicy;
import io.sparkgate.webhook.admission.PodMutatingHandler;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.apps.AppLookup;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of a hostile tenant, each against the real server over TLS and each paired with a control that must
 * still pass: quantities whose arithmetic would stall a loop, reviews that never decide, operations the API server
 * never sends, JSON of unbounded shape, clients that trickle headers or hoard connections. Every attack is answered
 * (or its connection closed) well inside a second, and ordinary reviews stay fast while attacks run.
 */
class HostileTenantIT {
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(700);
    private static final int MAX_CONNECTIONS = 8;
    private static final String NEVER = "/never-decides";

    @TempDir
    static Path certs;
    static TestPki pki;
    static final Vertx VERTX = Vertx.vertx();
    static WebhookServer server;
    static WebhookServer capped;
    static HttpClient client;

    @BeforeAll
    static void start() {
        pki = new TestPki();
        pki.writeTo(certs);
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AdmissionMetrics metrics = new AdmissionMetrics(registry);
        // A pod of an app the cache never learns of waits up to 8 s: longer than the deadline.
        var wait = new PodMutatingHandler.AppWait(Duration.ofSeconds(8), Duration.ofMillis(50), MissingAppPolicy.DENY,
                (ms, task) -> VERTX.setTimer(Math.max(1, ms), id -> task.run()));
        Map<String, AdmissionHandler> handlers = new LinkedHashMap<>(AdmissionEndpoints.handlers(
                AdmissionEndpoints.Components.defaults(), AppLookup.none(), wait, metrics));
        handlers.put(NEVER, call -> new CompletableFuture<>());
        var limits = new WebhookConfig.Limits(DEADLINE, 2, 64, HEADER_TIMEOUT, Duration.ofSeconds(120), 1000);
        server = WebhookServer.start(VERTX, TestServer.config(certs).withLimits(limits), handlers, metrics, registry,
                new Readiness());
        var cappedRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        capped = WebhookServer.start(VERTX, TestServer.config(certs).withLimits(new WebhookConfig.Limits(DEADLINE, 2,
                        64, Duration.ofSeconds(30), Duration.ofSeconds(120), MAX_CONNECTIONS)), handlers,
                new AdmissionMetrics(cappedRegistry), cappedRegistry, new Readiness());
        client = HttpClient.newBuilder().sslContext(pki.sslContext()).version(HttpClient.Version.HTTP_1_1).build();
        // The first review of a JVM loads classes and handshakes: the timings below are of a warm server.
        try {
            for (String path : List.of(AdmissionEndpoints.VALIDATE_PODS, AdmissionEndpoints.MUTATE_PODS)) {
                post(server, path, podWithCpu("1"));
                post(capped, path, podWithCpu("1"));
            }
            post(server, AdmissionEndpoints.VALIDATE_APPS, appCreate("driver", "coreRequest", "1"));
        } catch (Exception e) {
            throw new IllegalStateException("warming up", e);
        }
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(2));
        capped.shutdown(Duration.ofSeconds(2));
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void anAppQuantityWithAHugeExponentIsDeniedAtOnceAndAPlainOneAdmitted() throws Exception {
        for (String field : List.of("coreRequest", "coreLimit")) {
            Answer attack = post(server, AdmissionEndpoints.VALIDATE_APPS, appCreate("executor", field, "1e10000000"));
            assertThat(attack.millis).as(field).isLessThan(1000);
            assertThat(attack.allowed()).as(field).isFalse();
            assertThat(attack.message()).as(field).contains("spec.executor." + field).contains("too large");
        }
        Answer control = post(server, AdmissionEndpoints.VALIDATE_APPS, appCreate("executor", "coreRequest", "500m"));
        assertThat(control.allowed()).as(control.body.toString()).isTrue();
    }

    @Test
    void sparkConfKeysSmuggledAsJvmOptionsAreDeniedAndOrdinaryOptionsAdmitted() throws Exception {
        Answer javaOptions = post(server, AdmissionEndpoints.VALIDATE_APPS, appCreate("driver", "javaOptions",
                "-Xmx1g \"-Dspark.kubernetes.executor.container.image=evil:1\""));
        assertThat(javaOptions.allowed()).isFalse();
        assertThat(javaOptions.message()).startsWith("spec.driver.javaOptions "
                + "(-Dspark.kubernetes.executor.container.image): not allowed: images are set by spec.image");
        ObjectNode app = (ObjectNode) appCreate("executor", "memory", "512m");
        ObjectNode executor = (ObjectNode) app.path("request").path("object").path("spec").path("executor");
        executor.putArray("env").addObject().put("name", "JAVA_TOOL_OPTIONS")
                .put("value", "-Dspark.kubernetes.authenticate.executor.oauthToken=t");
        Answer env = post(server, AdmissionEndpoints.VALIDATE_APPS, app);
        assertThat(env.allowed()).isFalse();
        assertThat(env.message()).contains("spec.executor.env[0] (JAVA_TOOL_OPTIONS) "
                + "(-Dspark.kubernetes.authenticate.executor.oauthToken): not allowed");
        ObjectNode templated = (ObjectNode) appCreate("executor", "memory", "512m");
        ((ObjectNode) templated.path("request").path("object").path("spec").path("executor")).putObject("template")
                .putObject("spec").putArray("containers").addObject().put("name", "spark-kubernetes-executor")
                .putArray("env").addObject().put("name", "SPARK_JAVA_OPT_0")
                .put("value", "-Dspark.kubernetes.container.image=evil:1");
        Answer template = post(server, AdmissionEndpoints.VALIDATE_APPS, templated);
        assertThat(template.allowed()).isFalse();
        assertThat(template.message()).contains("spec.executor.template.spec.containers[0].env[0] (SPARK_JAVA_OPT_0) "
                + "(-Dspark.kubernetes.container.image): not allowed");
        Answer control = post(server, AdmissionEndpoints.VALIDATE_APPS, appCreate("driver", "javaOptions",
                "-Xmx1g -XX:+UseG1GC -Dspark.ui.port=4041"));
        assertThat(control.allowed()).as(control.body.toString()).isTrue();
    }

    @Test
    void aPodQuantityWithAHugeExponentIsRefusedByValidationAndLeftUnmutated() throws Exception {
        Answer validated = post(server, AdmissionEndpoints.VALIDATE_PODS, podWithCpu("1e10000000"));
        assertThat(validated.millis).isLessThan(1000);
        assertThat(validated.allowed()).isFalse();
        assertThat(validated.code()).isEqualTo(422);
        assertThat(validated.message()).contains("spec.containers[0].resources.requests.cpu").contains("too large");

        Answer mutated = post(server, AdmissionEndpoints.MUTATE_PODS, podWithCpu("1e10000000"));
        assertThat(mutated.millis).isLessThan(1000);
        assertThat(mutated.allowed()).isTrue();
        assertThat(mutated.body.path("response").has("patch")).isFalse();
        assertThat(mutated.body.path("response").path("warnings").toString())
                .contains("admitted without sparkgate's mutation");

        Answer control = post(server, AdmissionEndpoints.VALIDATE_PODS, podWithCpu("1"));
        assertThat(control.allowed()).as(control.body.toString()).isTrue();
    }

    @Test
    void ordinaryReviewsStayFastWhileAttacksAndStuckReviewsRun() throws Exception {
        List<CompletableFuture<Answer>> attacks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attacks.add(async(() -> post(server, AdmissionEndpoints.VALIDATE_APPS,
                    appCreate("driver", "coreRequest", "1e999999999"))));
            attacks.add(async(() -> post(server, NEVER, podWithCpu("1"))));
        }
        List<Long> ordinary = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Answer a = post(server, AdmissionEndpoints.VALIDATE_PODS, podWithCpu("2"));
            assertThat(a.allowed()).isTrue();
            ordinary.add(a.millis);
        }
        ordinary.sort(Long::compare);
        assertThat(ordinary.get(ordinary.size() / 2)).as("median ordinary review, ms").isLessThan(200);
        for (CompletableFuture<Answer> a : attacks) {
            assertThat(a.get(10, TimeUnit.SECONDS).allowed()).isFalse();
        }
    }

    @Test
    void aReviewPastItsDeadlineIsDeniedByValidationAndAdmittedUnmutatedByMutation() throws Exception {
        Answer stuck = post(server, NEVER, podWithCpu("1"));
        assertThat(stuck.allowed()).isFalse();
        assertThat(stuck.code()).isEqualTo(504);
        assertThat(stuck.message()).contains("within its " + DEADLINE.toMillis() + " ms deadline");
        assertThat(stuck.millis).isBetween(DEADLINE.toMillis() - 50, DEADLINE.toMillis() + 1500);

        // The driver of an app the cache never shows waits for it longer than the deadline allows.
        ObjectNode pod = (ObjectNode) SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        ((ObjectNode) pod.path("metadata").path("labels")).put("sparkoperator.k8s.io/app-name", "never-cached");
        Answer waiting = post(server, AdmissionEndpoints.MUTATE_PODS, Reviews.podCreate(pod, "default"));
        assertThat(waiting.allowed()).isTrue();
        assertThat(waiting.body.path("response").path("warnings").toString()).contains("deadline");
    }

    @Test
    void operationsTheApiServerNeverSendsAreDenied() throws Exception {
        for (String operation : List.of("create", "PATCH", "")) {
            ObjectNode review = podWithCpu("1");
            ((ObjectNode) review.path("request")).put("operation", operation);
            Answer a = post(server, AdmissionEndpoints.VALIDATE_PODS, review);
            if (operation.isEmpty()) {
                assertThat(a.status).isEqualTo(400); // not an AdmissionReview at all
            } else {
                assertThat(a.allowed()).as(operation).isFalse();
                assertThat(a.message()).as(operation).contains("not an admission operation");
            }
        }
        ObjectNode noSpec = podWithCpu("1");
        ((ObjectNode) noSpec.path("request")).put("operation", "UPDATE");
        ((ObjectNode) noSpec.path("request").path("object")).remove("spec");
        assertThat(post(server, AdmissionEndpoints.VALIDATE_PODS, noSpec).allowed()).isFalse();
        assertThat(post(server, AdmissionEndpoints.VALIDATE_PODS, podWithCpu("1")).allowed()).isTrue();
    }

    @Test
    void jsonOfUnboundedShapeIsRefusedBeforeAnyTreeIsBuilt() throws Exception {
        String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        String many = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"x\":["
                + "0,".repeat(400_000) + "0]}";
        String longNumber = "{\"n\":" + "9".repeat(5_000) + "}";
        for (String body : List.of(deep, many, longNumber)) {
            HttpResponse<String> response = send(server, AdmissionEndpoints.VALIDATE_PODS, body);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("beyond sparkgate's bounds");
        }
    }

    @Test
    void aClientTricklingHeadersIsDisconnectedAtTheHeaderTimeout() throws Exception {
        long start = System.nanoTime();
        try (SSLSocket socket = tls(server)) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /validate/pods HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean closed = false;
            for (int i = 0; i < 60 && !closed; i++) {
                Thread.sleep(50);
                try {
                    out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    closed = readsEnd(socket, 1);
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed by the server").isTrue();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).isBetween(HEADER_TIMEOUT.toMillis() - 100, HEADER_TIMEOUT.toMillis() + 1500);
        assertThat(post(server, AdmissionEndpoints.VALIDATE_PODS, podWithCpu("1")).allowed()).isTrue();
    }

    @Test
    void connectionsBeyondTheCapAreClosedAndCapacityReturnsWhenTheyGo() throws Exception {
        List<SSLSocket> hoarded = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                hoarded.add(tls(capped));
            }
            Thread.sleep(200); // every hoarded connection is counted
            try (SSLSocket extra = tls(capped)) {
                assertThat(readsEnd(extra, 2000)).as("the connection over the cap is closed").isTrue();
            }
        } finally {
            for (SSLSocket s : hoarded) {
                s.close();
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Answer control = null;
        while (System.nanoTime() < until) {
            try {
                control = post(capped, AdmissionEndpoints.VALIDATE_PODS, podWithCpu("1"));
                break;
            } catch (java.io.IOException e) {
                Thread.sleep(50); // the server has not seen the hoarded sockets close yet
            }
        }
        assertThat(control).isNotNull();
        assertThat(control.allowed()).isTrue();
    }

    // --- helpers

    private record Answer(int status, JsonNode body, long millis) {
        boolean allowed() {
            return body.path("response").path("allowed").asBoolean(false);
        }

        int code() {
            return body.path("response").path("status").path("code").asInt();
        }

        String message() {
            return body.path("response").path("status").path("message").asText();
        }
    }

    private interface Call {
        Answer run() throws Exception;
    }

    private static CompletableFuture<Answer> async(Call call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Answer post(WebhookServer target, String path, JsonNode review) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(target, path, Json.write(review));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Answer(response.statusCode(), Json.read(response.body(), JsonNode.class), millis);
    }

    private static HttpResponse<String> send(WebhookServer target, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + target.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static SSLSocket tls(WebhookServer target) throws Exception {
        SSLSocket socket = (SSLSocket) pki.sslContext().getSocketFactory().createSocket("localhost", target.port());
        socket.startHandshake();
        return socket;
    }

    /** Whether the peer closed the connection within {@code millis}. */
    private static boolean readsEnd(SSLSocket socket, int millis) throws Exception {
        socket.setSoTimeout(millis);
        try {
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static ObjectNode podWithCpu(String cpu) {
        ObjectNode pod = (ObjectNode) SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        ObjectNode requests = (ObjectNode) pod.path("spec").path("containers").get(0).path("resources")
                .path("requests");
        requests.put("cpu", cpu);
        ObjectNode limits = (ObjectNode) pod.path("spec").path("containers").get(0).path("resources").path("limits");
        limits.remove("cpu");
        return Reviews.podCreate(pod, "default");
    }

    private static JsonNode appCreate(String role, String field, String value) throws Exception {
        SparkApplication app = Json.read(Files.readString(Path.of("..", "examples", "spark-pi.yaml")),
                SparkApplication.class);
        ObjectNode tree = Json.mapper().valueToTree(app);
        ((ObjectNode) tree.path("spec").path(role)).put(field, value);
        return Reviews.review(SparkApplication.GROUP, "v1beta2", "SparkApplication", "sparkapplications", "CREATE",
                "default", tree);
    }
}
