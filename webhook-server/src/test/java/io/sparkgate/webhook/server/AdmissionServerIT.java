package io.sparkgate.webhook.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sparkgate.api.Json;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.OwnerReferenceMutator;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.ObjectValidator;
import io.sparkgate.webhook.admission.PodMutation;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.apps.DirectoryAppLookup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admission.k8s.io/v1 contract and every bad-input case, against the real HTTPS server. */
class AdmissionServerIT {
    @TempDir
    static Path certs;
    static TestServer server;
    static final List<Boolean> DRY_RUNS_SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        ObjectValidator pods = call -> {
            DRY_RUNS_SEEN.add(call.dryRun());
            return call.label("test/deny") != null
                    ? AdmissionDecision.deny("pod " + call.name() + " asks for 64 cores; tenant default has 8 left")
                    : AdmissionDecision.allow(List.of("tenant default: " + "w".repeat(150)));
        };
        ObjectValidator apps = call -> "too-big".equals(call.name())
                ? AdmissionDecision.deny("spec.executor.instances: 500 is over the limit of 50")
                : AdmissionDecision.allow();
        var defaults = AdmissionEndpoints.Components.defaults();
        // The transport and the contract with one mutator, so the patch is small enough to assert exactly.
        var components = new AdmissionEndpoints.Components(PodMutation.of(new MutationChain(List.of(
                new OwnerReferenceMutator()))), pods, apps,
                defaults.scheduledApps(), defaults.policies());
        server = new TestServer(certs, TestServer.config(certs), components,
                DirectoryAppLookup.load(Path.of("..", "examples")), Duration.ofMillis(200));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RequestSpecification https() {
        return given().config(RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig()
                        .trustStore(server.pki.trustStore())))
                .baseUri("https://localhost").port(server.server.port()).contentType("application/json");
    }

    private static AdmissionResponse admit(String path, JsonNode review) {
        Response response = https().body(Json.write(review)).post(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        AdmissionReview answer = Json.mapper().convertValue(Json.read(response.asString(), JsonNode.class),
                AdmissionReview.class);
        assertThat(answer.getApiVersion()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.getKind()).isEqualTo("AdmissionReview");
        assertThat(answer.getResponse().getUid()).isEqualTo(Reviews.uid(review));
        AdmissionResponse r = answer.getResponse();
        assertThat(r.getPatch() == null).as("patch and patchType together or neither")
                .isEqualTo(r.getPatchType() == null);
        r.getWarnings().forEach(w -> assertThat(w.length()).isLessThanOrEqualTo(120));
        return r;
    }

    private static JsonNode driver() {
        return SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
    }

    @Test
    void driverPodIsPatchedWithItsOwnerReference() throws Exception {
        AdmissionResponse r = admit("/mutate/pods", Reviews.podCreate(driver(), "default"));
        assertThat(r.getAllowed()).isTrue();
        assertThat(r.getPatchType()).isEqualTo("JSONPatch");
        JsonNode patch = Json.mapper().readTree(Base64.getDecoder().decode(r.getPatch()));
        assertThat(patch).hasSize(1);
        assertThat(patch.get(0).get("path").asText()).isEqualTo("/metadata/ownerReferences");
        assertThat(patch.get(0).get("value").get(0).get("name").asText()).isEqualTo("spark-pi");
        assertThat(patch.get(0).get("value").get(0).get("controller").asBoolean()).isTrue();
    }

    @Test
    void dryRunGetsTheSameAnswerAndValidatorsAreTold() throws Exception {
        ObjectNode review = Reviews.podCreate(driver(), "default");
        ((ObjectNode) review.get("request")).put("dryRun", true);
        AdmissionResponse r = admit("/mutate/pods", review);
        assertThat(r.getPatch()).isNotNull();
        DRY_RUNS_SEEN.clear();
        admit("/validate/pods", review);
        assertThat(DRY_RUNS_SEEN).containsExactly(true);
    }

    @Test
    void whatTheWebhookDoesNotHandleIsAllowedWithoutPatch() {
        ObjectNode noRole = (ObjectNode) driver();
        ((ObjectNode) noRole.get("metadata").get("labels")).remove("spark-role");
        JsonNode configMap = SparkFixtures.json(SparkFixtures.files(SparkFixtures.JAVA_SPARK_PI, "ConfigMap").get(0));
        for (JsonNode review : List.of(Reviews.podCreate(noRole, "default"),
                Reviews.review("", "v1", "Pod", "pods", "DELETE", "default", driver()),
                Reviews.review("", "v1", "ConfigMap", "configmaps", "CREATE", "default", configMap))) {
            for (String path : List.of("/mutate/pods", "/validate/pods", "/validate/sparkapplications",
                    "/validate/scheduledsparkapplications", "/validate/sparkpolicies")) {
                AdmissionResponse r = admit(path, review);
                assertThat(r.getAllowed()).as(path).isTrue();
                assertThat(r.getPatch()).as(path).isNull();
                assertThat(r.getStatus()).as(path).isNull();
            }
        }
    }

    @Test
    void validatingEndpointsNeverPatchAndDenyWith403() {
        AdmissionResponse allowed = admit("/validate/pods", Reviews.podCreate(driver(), "default"));
        assertThat(allowed.getAllowed()).isTrue();
        assertThat(allowed.getPatch()).isNull();
        assertThat(allowed.getWarnings()).singleElement().asString().hasSize(120).endsWith("...");

        ObjectNode greedy = (ObjectNode) driver();
        ((ObjectNode) greedy.get("metadata").get("labels")).put("test/deny", "true");
        AdmissionResponse denied = admit("/validate/pods", Reviews.podCreate(greedy, "default"));
        assertThat(denied.getAllowed()).isFalse();
        assertThat(denied.getPatch()).isNull();
        assertThat(denied.getStatus().getCode()).isEqualTo(403);
        assertThat(denied.getStatus().getMessage())
                .isEqualTo("pod spark-pi-0a5959a1ff7da1b7-driver asks for 64 cores; tenant default has 8 left");
    }

    @Test
    void sparkApplicationsAreValidated() throws Exception {
        ObjectNode app = (ObjectNode) Json.yaml().readTree(Path.of("..", "examples", "spark-pi.yaml").toFile());
        JsonNode ok = Reviews.review("sparkoperator.k8s.io", "v1beta2", "SparkApplication", "sparkapplications",
                "CREATE", "default", app);
        assertThat(admit("/validate/sparkapplications", ok).getAllowed()).isTrue();
        ((ObjectNode) app.get("metadata")).put("name", "too-big");
        AdmissionResponse denied = admit("/validate/sparkapplications", Reviews.review("sparkoperator.k8s.io",
                "v1beta2", "SparkApplication", "sparkapplications", "CREATE", "default", app));
        assertThat(denied.getAllowed()).isFalse();
        assertThat(denied.getStatus().getCode()).isEqualTo(403);
        assertThat(denied.getStatus().getMessage()).contains("spec.executor.instances");
    }

    @Test
    void malformedReviewsGet400NamingTheProblem() {
        ObjectNode v1beta1 = Reviews.podCreate(driver(), "default").put("apiVersion", "admission.k8s.io/v1beta1");
        ObjectNode wrongKind = Reviews.podCreate(driver(), "default").put("kind", "Pod");
        ObjectNode noRequest = Reviews.podCreate(driver(), "default");
        noRequest.remove("request");
        ObjectNode noUid = Reviews.podCreate(driver(), "default");
        ((ObjectNode) noUid.get("request")).remove("uid");
        https().body("this is not json").post("/mutate/pods").then().statusCode(400)
                .contentType("application/json").body("error", containsString("not valid JSON"));
        https().body(Json.write(v1beta1)).post("/validate/pods").then().statusCode(400)
                .body("error", containsString("apiVersion must be admission.k8s.io/v1"));
        https().body(Json.write(wrongKind)).post("/mutate/pods").then().statusCode(400)
                .body("error", containsString("kind must be AdmissionReview"));
        https().body(Json.write(noRequest)).post("/mutate/pods").then().statusCode(400)
                .body("error", equalTo("the AdmissionReview has no request object"));
        https().body(Json.write(noUid)).post("/mutate/pods").then().statusCode(400)
                .body("error", equalTo("request.uid is missing or empty"));
        https().body("{}").post("/mutate/nothing").then().statusCode(404).body("error", containsString("/mutate/pods"));
        https().get("/mutate/pods").then().statusCode(405).header("Allow", "POST");
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        String declared = raw("POST /mutate/pods HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4000000\r\n\r\n", null);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("over the limit of 3145728 bytes");

        byte[] big = new byte[(int) WebhookConfig.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        String chunked = raw("POST /mutate/pods HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length + 10) + "\r\n", big);
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("over the limit");
    }

    @Test
    void aClientThatStallsMidBodyIsCutOff() throws Exception {
        try (SSLSocket socket = server.pki.socket(server.server.port())) {
            socket.getOutputStream().write(("POST /mutate/pods HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\":")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            int first = in.read();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String answer = (char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("did not arrive within 1000 ms");
            assertThat(millis).as("cut off at the 1 s body deadline, before the API server's 10 s").isBetween(900L, 9000L);
        }
    }

    /** Sends raw bytes over TLS (hostname verified) and reads the answer until the server closes. */
    private static String raw(String head, byte[] body) throws Exception {
        try (SSLSocket socket = server.pki.socket(server.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onlyTls12And13AndHttp11AreSpoken() throws Exception {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            try (SSLSocket socket = (SSLSocket) server.pki.sslContext().getSocketFactory()
                    .createSocket("localhost", server.server.port())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            }
        }
        HttpClient client = HttpClient.newBuilder().sslContext(server.pki.sslContext())
                .version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + server.server.port() + "/mutate/pods"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Reviews.podCreate(driver(), "default"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void healthReadinessAndMetricsAreOnThePlainPort() {
        var health = given().baseUri("http://127.0.0.1").port(server.server.healthPort());
        health.get("/healthz").then().statusCode(200).body("status", equalTo("ok"));
        health.get("/readyz").then().statusCode(200);
        admit("/mutate/pods", Reviews.podCreate(driver(), "default"));
        String metrics = health.get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sparkgate_admission_duration_seconds_count{endpoint=\"/mutate/pods\","
                + "operation=\"CREATE\",result=\"patched\"}");
        assertThat(metrics).contains("sparkgate_tls_certificate_expiry_timestamp_seconds "
                + (double) server.server.currentCertificate().notAfter().getEpochSecond());

        server.readiness.require("sparkapplications-cache", () -> false);
        try {
            health.get("/readyz").then().statusCode(503).body("reasons[0]", equalTo("sparkapplications-cache not synced"));
        } finally {
            server.readiness.require("sparkapplications-cache", () -> true);
        }
    }

    @Test
    void everyEndpointIsServed() {
        assertThat(Set.of("/mutate/pods", "/validate/pods", "/validate/sparkapplications",
                "/validate/scheduledsparkapplications", "/validate/sparkpolicies")).allSatisfy(path ->
                assertThat(admit(path, Reviews.podCreate(driver(), "default")).getAllowed()).isTrue());
    }
}
