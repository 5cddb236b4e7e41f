package io.sparkgate.webhook.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.apps.AppLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Pod Security forbids, tried against the real server over TLS under a {@code baseline} policy with a
 * service-account list and no proxy users: each attack refused in well under a second with the field named, each
 * paired with the ordinary object that must still pass.
 */
class PodSecurityIT {
    private static final String NS = "team-a";
    private static final SparkPolicy POLICY = Json.read("""
            metadata: {name: team-a}
            spec:
              namespaceSelector: {matchLabels: {tenant: team-a}}
              rules:
                podSecurity: {level: baseline}
                allowedServiceAccounts: [spark, spark-operator-spark]
                allowProxyUser: false
            """, SparkPolicy.class);

    @TempDir
    static Path certs;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(certs, TestServer.config(certs), AdmissionEndpoints.Components.enforcing(
                () -> PolicyIndex.of(List.of(POLICY)), new ReservationLedger(Clock.systemUTC(),
                        ReservationLedger.DEFAULT_TTL), ClusterSnapshot.builder().namespace(NS,
                        Map.of("tenant", "team-a")).build()), AppLookup.none(), Duration.ZERO);
        // The first reviews of a JVM load classes and handshake: the timings below are of a warm server.
        try {
            for (int i = 0; i < 3; i++) {
                post(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(driverPod(), NS));
                post(AdmissionEndpoints.VALIDATE_APPS, Reviews.review(SparkApplication.GROUP, "v1beta2",
                        "SparkApplication", "sparkapplications", "CREATE", NS, sparkPi()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("warming up", e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode sparkPi() throws Exception {
        ObjectNode app = (ObjectNode) Json.yaml().readTree(Files.readString(Path.of("..", "examples",
                "spark-pi.yaml")));
        ((ObjectNode) app.get("metadata")).put("namespace", NS);
        return app;
    }

    private static ObjectNode sparkPi(Consumer<ObjectNode> spec) throws Exception {
        ObjectNode app = sparkPi();
        spec.accept((ObjectNode) app.get("spec"));
        return app;
    }

    private static ObjectNode driverPod() {
        ObjectNode pod = (ObjectNode) SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI).deepCopy();
        ((ObjectNode) pod.get("spec")).put("serviceAccountName", "spark");
        return pod;
    }

    private static String post(String path, JsonNode review) {
        return given().config(RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig()
                        .trustStore(server.pki.trustStore())))
                .baseUri("https://localhost").port(server.server.port()).contentType("application/json")
                .body(Json.write(review)).post(path).then().statusCode(200).extract().asString();
    }

    /** The answer, timed: every one must come in well under a second. */
    private static AdmissionResponse admit(String path, JsonNode review) {
        long start = System.nanoTime();
        String body = post(path, review);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        AdmissionResponse response = Json.read(body, AdmissionReview.class).getResponse();
        assertThat(response.getUid()).isEqualTo(Reviews.uid(review));
        return response;
    }

    private static AdmissionResponse app(ObjectNode app) {
        return admit(AdmissionEndpoints.VALIDATE_APPS, Reviews.review(SparkApplication.GROUP, "v1beta2",
                "SparkApplication", "sparkapplications", "CREATE", NS, app));
    }

    private static void refused(AdmissionResponse r, String message) {
        assertThat(r.getAllowed()).as(message).isFalse();
        assertThat(r.getStatus().getCode()).isEqualTo(403);
        assertThat(r.getStatus().getMessage()).contains(message);
    }

    @Test
    void hostAccessInAnyPartOfAnAppIsRefusedAndThePlainAppAdmitted() throws Exception {
        assertThat(app(sparkPi()).getAllowed()).isTrue();
        refused(app(sparkPi(s -> s.set("volumes", Json.read("[{name: root, hostPath: {path: /}}]", JsonNode.class)))),
                "spec.volumes[0].hostPath: hostPath volumes are not allowed (/) at Pod Security level \"baseline\"");
        refused(app(sparkPi(s -> ((ObjectNode) s.get("driver")).put("hostNetwork", true))),
                "spec.driver.hostNetwork: sharing the host's namespaces is not allowed");
        refused(app(sparkPi(s -> ((ObjectNode) s.get("executor")).set("sidecars", Json.read(
                        "[{name: s, image: spark:4.1.1, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]",
                        JsonNode.class)))),
                "spec.executor.sidecars[0].securityContext.capabilities.add: capability \"SYS_ADMIN\" is not allowed");
        refused(app(sparkPi(s -> ((ObjectNode) s.get("driver")).set("initContainers", Json.read(
                        "[{name: i, image: spark:4.1.1, securityContext: {privileged: true}}]", JsonNode.class)))),
                "spec.driver.initContainers[0].securityContext.privileged: privileged containers are not allowed");
    }

    @Test
    void anotherServiceAccountOrAProxyUserIsRefused() throws Exception {
        refused(app(sparkPi(s -> ((ObjectNode) s.get("driver")).put("serviceAccount", "cluster-admin"))),
                "spec.driver.serviceAccount: service account \"cluster-admin\" is not one SparkPolicy team-a allows");
        refused(app(sparkPi(s -> s.put("proxyUser", "hdfs"))), "spec.proxyUser: impersonating \"hdfs\" is not allowed");
        assertThat(app(sparkPi(s -> ((ObjectNode) s.get("driver")).put("serviceAccount", "spark"))).getAllowed())
                .isTrue();
    }

    @Test
    void theRealSparkPodPassesAndItsHostileVariantsDoNot() {
        JsonNode plain = driverPod();
        assertThat(admit(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(plain, NS)).getAllowed()).isTrue();
        ObjectNode hostPid = driverPod();
        ((ObjectNode) hostPid.get("spec")).put("hostPID", true);
        refused(admit(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(hostPid, NS)),
                "spec.hostPID: sharing the host's namespaces is not allowed");
        ObjectNode otherAccount = driverPod();
        ((ObjectNode) otherAccount.get("spec")).put("serviceAccountName", "default");
        refused(admit(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(otherAccount, NS)),
                "spec.serviceAccountName: service account \"default\" is not one SparkPolicy team-a allows");
        // A probe the kubelet runs against another host (here the cloud metadata address): the v1.34 baseline control.
        ObjectNode probing = driverPod();
        ((ObjectNode) probing.at("/spec/containers/0")).set("livenessProbe",
                Json.read("{httpGet: {host: 169.254.169.254, port: 80, path: /latest/meta-data/}}", JsonNode.class));
        refused(admit(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(probing, NS)),
                "spec.containers[0].livenessProbe.httpGet.host: probes and lifecycle hooks may not name a host");
        ((ObjectNode) probing.at("/spec/containers/0/livenessProbe/httpGet")).remove("host");
        assertThat(admit(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(probing, NS)).getAllowed()).isTrue();
    }

    @Test
    void aPrivilegedDebugContainerOnARunningSparkPodIsRefused() {
        JsonNode running = driverPod();
        ObjectNode debugged = driverPod();
        ObjectNode debug = ((ObjectNode) debugged.get("spec")).putArray("ephemeralContainers").addObject();
        debug.put("name", "debugger").put("image", "busybox");
        debug.putObject("securityContext").put("privileged", true);
        refused(admit(AdmissionEndpoints.VALIDATE_PODS, ephemeral(running, debugged)),
                "spec.ephemeralContainers[0].securityContext.privileged: privileged containers are not allowed");
        debug.remove("securityContext");
        assertThat(admit(AdmissionEndpoints.VALIDATE_PODS, ephemeral(running, debugged)).getAllowed()).isTrue();
    }

    /** The review {@code kubectl debug} causes: an UPDATE of the pods/ephemeralcontainers subresource. */
    private static JsonNode ephemeral(JsonNode oldPod, JsonNode pod) {
        ObjectNode review = Reviews.review("", "v1", "Pod", "pods", "UPDATE", NS, pod);
        ObjectNode request = (ObjectNode) review.get("request");
        request.set("oldObject", oldPod.deepCopy());
        request.put("subResource", "ephemeralcontainers");
        return review;
    }
}
