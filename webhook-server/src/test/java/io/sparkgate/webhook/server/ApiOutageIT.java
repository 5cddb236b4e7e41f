package io.sparkgate.webhook.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.CustomResources;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.testing.apiserver.ApiEmulation;
import io.sparkgate.testing.apiserver.IndexedStore;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.cluster.ClusterMetrics;
import io.sparkgate.webhook.cluster.InformerCaches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's caches through API server outages (issue 20), over real HTTPS against the API emulation: a wiped
 * API server leaves no deleted app behind, a restored one loses and duplicates nothing, a hung one leaves
 * admissions answered from the caches within their deadline until the bounded staleness turns the webhook unready,
 * and it is ready again once the API server answers. Timings are scaled down through {@link InformerCaches.Freshness}.
 */
class ApiOutageIT {
    private static final Duration MAX_STALENESS = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    @TempDir
    Path certs;
    private ApiEmulation api;
    private KubernetesClient writer;
    private KubernetesClient cacheClient;
    private InformerCaches caches;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        api = ApiEmulation.builder().bookmarkInterval(Duration.ofMillis(200)).start();
        // Both clients retry as fabric8's defaults do: a restart closes connections they may be about to reuse.
        writer = api.newClient(c -> c.withRequestRetryBackoffLimit(3).withRequestRetryBackoffInterval(50));
        CustomResources.register(writer);
        writer.resources(SparkApplication.class).inNamespace("team-a").resource(sparkPi("spark-pi")).create();
        cacheClient = api.newClient(c -> c.withWatchReconnectInterval(50).withRequestTimeout(1_000)
                .withRequestRetryBackoffLimit(3).withRequestRetryBackoffInterval(50));
        caches = InformerCaches.start(cacheClient, Clock.systemUTC(), "the API emulation", null,
                new InformerCaches.Freshness(Duration.ofMillis(100), MAX_STALENESS));
        server = new TestServer(certs, TestServer.config(certs), AdmissionEndpoints.Components.enforcing(
                caches.policies(), caches.ledger(), caches.view()), caches.apps(), Duration.ofMillis(300));
        caches.caches().forEach(server.readiness::require);
        ClusterMetrics.register(caches, server.registry);
        await("ready", () -> server.readiness.notReady().isEmpty());
        assertThat(ownerOfMutatedDriver()).isEqualTo("spark-pi");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (caches != null) {
            caches.close();
        }
        api.close();
    }

    @Test
    void anApiServerRestartedEmptyLeavesNoDeletedAppInTheCacheAndMutatesNoPodFromIt() throws Exception {
        api.startEmpty();
        CustomResources.register(writer); // the CRDs come back, as after a reinstall; the app does not

        await("the app gone from the cache", () -> caches.apps().find("team-a", "spark-pi").isEmpty());
        assertThat(ownerOfMutatedDriver()).as("no owner reference to an app that no longer exists").isNull();
        assertThat(caches.view().sparkApplications("team-a")).isEmpty();
        await("ready again", () -> server.readiness.notReady().isEmpty());
    }

    @Test
    void anApiServerRestoredFromASnapshotLosesAndDuplicatesNothing() throws Exception {
        IndexedStore.Snapshot backup = api.snapshot();

        api.startFrom(backup, ApiEmulation.Revisions.CONTINUE);
        writer.resources(SparkApplication.class).inNamespace("team-a").resource(sparkPi("after-restart"))
                .create();

        await("the new app cached", () -> caches.apps().find("team-a", "after-restart").isPresent());
        assertThat(caches.view().sparkApplications("team-a")).extracting(a -> a.getMetadata().getName())
                .containsExactlyInAnyOrder("spark-pi", "after-restart");
        assertThat(ownerOfMutatedDriver()).isEqualTo("spark-pi");
        assertThat(server.readiness.notReady()).isEmpty();
    }

    @Test
    void aHungApiServerLeavesAdmissionsAnsweredFromTheCacheThenTheBoundedStalenessMakesTheWebhookUnready()
            throws Exception {
        api.hang();
        long hungAt = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertThat(ownerOfMutatedDriver()).isEqualTo("spark-pi");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(DEADLINE);
            Thread.sleep(200);
        }
        // every cache goes stale about together; wait for the apps' one rather than for whichever is first
        await("unready once the caches are too stale", () -> server.readiness.notReady()
                .contains("sparkapplications-cache not synced"));
        // Staleness counts from the last check that found the caches current, up to one period before the hang.
        assertThat(Duration.ofNanos(System.nanoTime() - hungAt)).isGreaterThan(MAX_STALENESS.minusMillis(200));
        assertThat(server.readiness.notReady()).contains("sparkapplications-cache not synced");
        assertThat(server.registry.get("sparkgate.informer.synced").tag("informer", "sparkapplications-cache")
                .gauge().value()).isGreaterThanOrEqualTo(MAX_STALENESS.toSeconds());
        assertThat(ownerOfMutatedDriver()).as("still answering from the cache").isEqualTo("spark-pi");

        api.resume();

        await("ready again", () -> server.readiness.notReady().isEmpty());
        assertThat(server.registry.get("sparkgate.informer.synced").tag("informer", "sparkapplications-cache")
                .gauge().value()).isLessThan(MAX_STALENESS.toSeconds());
    }

    /** The name of the app a driver pod of spark-pi is mutated for (its owner reference), null if none. */
    private String ownerOfMutatedDriver() throws Exception {
        JsonNode pod = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        JsonNode review = Reviews.podCreate(pod, "team-a");
        String body = given().config(RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig()
                        .trustStore(server.pki.trustStore())))
                .baseUri("https://localhost").port(server.server.port()).contentType("application/json")
                .body(Json.write(review)).post("/mutate/pods").then().statusCode(200).extract().asString();
        AdmissionResponse response = Json.read(body, AdmissionReview.class).getResponse();
        assertThat(response.getAllowed()).isTrue();
        JsonNode patched = response.getPatch() == null ? pod : JsonPatch.fromJson(Json.mapper().readTree(
                Base64.getDecoder().decode(response.getPatch()))).apply(pod);
        JsonNode owner = patched.at("/metadata/ownerReferences/0/name");
        return owner.isMissingNode() ? null : owner.asText();
    }

    private static SparkApplication sparkPi(String name) throws Exception {
        SparkApplication app = Json.read(Files.readString(Path.of("..", "examples", "spark-pi.yaml")),
                SparkApplication.class);
        app.getMetadata().setName(name);
        app.getMetadata().setNamespace("team-a");
        return app;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 15 s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
