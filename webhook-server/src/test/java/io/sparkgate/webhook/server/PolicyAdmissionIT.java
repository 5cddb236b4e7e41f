package io.sparkgate.webhook.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.policy.PodMutationPipeline;
import io.sparkgate.testing.CustomResources;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.cluster.InformerCaches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring over real HTTPS: informer caches on fabric8's CRUD mock feed the policy engine and the pod
 * mutation pipeline; the client trusts only the test CA and verifies the hostname.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyAdmissionIT {
    static KubernetesClient client;
    @TempDir
    static Path certs;
    static InformerCaches caches;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        CustomResources.register(client);
        namespace("team-q", Map.of("tenant", "quota"));
        namespace("team-a", Map.of("tenant", "team-a"));
        client.resource(quotaPolicy("30")).create();
        client.resource(Json.read(Files.readString(Path.of("..", "examples", "policies", "team-a.yaml")),
                SparkPolicy.class)).create();
        client.resources(SparkApplication.class).inNamespace("team-a").resource(sparkPi("spark-pi", "team-a"))
                .create();
        client.resources(SparkApplication.class).inNamespace("team-a").resource(Json.read("""
                {"apiVersion":"sparkoperator.k8s.io/v1beta2","kind":"SparkApplication",
                 "metadata":{"name":"secretive","namespace":"team-a"},
                 "spec":{"type":"Scala","mode":"cluster","image":"example.com/spark:4.1.1","sparkVersion":"4.1.1",
                   "mainClass":"org.apache.spark.examples.SparkPi",
                   "mainApplicationFile":"local:///opt/spark/examples/jars/spark-examples.jar",
                   "driver":{"cores":1,"memory":"512m","secrets":[{"name":"gcp","path":"/opt/spark/conf",
                     "secretType":"GCPServiceAccount"}]},
                   "executor":{"instances":1,"cores":1,"memory":"512m"}}}""", SparkApplication.class)).create();

        caches = InformerCaches.start(client, Clock.systemUTC(), "the CRUD mock");
        server = new TestServer(certs, TestServer.config(certs), AdmissionEndpoints.Components.enforcing(
                caches.policies(), caches.ledger(), caches.view()), caches.apps(), Duration.ofMillis(500));
        caches.caches().forEach(server.readiness::require);
        await("every cache synced", () -> server.readiness.notReady().isEmpty());
        await("both policies loaded", () -> caches.policies().get().all().size() == 2);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (caches != null) {
            caches.close();
        }
    }

    @Test
    void fiftyParallelCreatesOfWhichTenFitTheQuotaThenALivePolicyEditAppliesToTheNextAdmission()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AdmissionResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                JsonNode review = appCreate(sparkPi("app-" + i, "team-q"));
                answers.add(pool.submit((Callable<AdmissionResponse>) () -> {
                    go.await();
                    return admit("/validate/sparkapplications", review);
                }));
            }
            go.countDown();
            List<AdmissionResponse> responses = new ArrayList<>();
            for (Future<AdmissionResponse> answer : answers) {
                responses.add(answer.get());
            }
            assertThat(responses.stream().filter(AdmissionResponse::getAllowed)).hasSize(10);
            assertThat(responses.stream().filter(r -> !r.getAllowed())).hasSize(40).allSatisfy(r -> {
                assertThat(r.getStatus().getCode()).isEqualTo(403);
                assertThat(r.getStatus().getMessage()).matches("app team-q/app-\\d+ needs 3 cores; tenant quota "
                        + "\\(SparkPolicy quota\\) has 0 of 30 left");
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.registry.get("sparkgate.policy.violations").tags("policy", "quota", "rule", "tenant-quota",
                "action", "deny").counter().count()).isEqualTo(40);

        // The admin raises the quota by one app's worth: the informer applies it, no restart.
        client.resource(quotaPolicy("33")).update();
        await("the edited policy in force", () -> caches.policies().get().all().stream()
                .anyMatch(p -> p.name().equals("quota") && "33".equals(p.getSpec().quota().maxCores().toString())));
        assertThat(admit("/validate/sparkapplications", appCreate(sparkPi("app-50", "team-q"))).getAllowed())
                .isTrue();
        assertThat(admit("/validate/sparkapplications", appCreate(sparkPi("app-51", "team-q"))).getStatus()
                .getMessage()).endsWith("has 0 of 33 left");

        // A broken edit reaches the store past the webhook: ignored, the last valid version stays in force.
        SparkPolicy broken = quotaPolicy("1");
        broken.getSpec().namespaceSelector().setMatchExpressions(List.of(new io.fabric8.kubernetes.api.model
                .LabelSelectorRequirementBuilder().withKey("tenant").withOperator("Sometimes").build()));
        client.resource(broken).update();
        await("the broken edit seen", () -> caches.invalidPolicies() > 0);
        assertThat(admit("/validate/sparkapplications", appCreate(sparkPi("app-52", "team-q"))).getStatus()
                .getMessage()).endsWith("has 0 of 33 left");
    }

    @Test
    void aDriverPodGetsItsAppsMutationsAndTheAdminDefaultsOfItsNamespace() throws Exception {
        JsonNode pod = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        AdmissionResponse r = admit("/mutate/pods", Reviews.podCreate(pod, "team-a"));
        assertThat(r.getAllowed()).isTrue();
        assertThat(r.getPatchType()).isEqualTo("JSONPatch");
        JsonNode patched = JsonPatch.fromJson(Json.mapper().readTree(Base64.getDecoder().decode(r.getPatch())))
                .apply(pod);

        SparkApplication app = caches.apps().find("team-a", "spark-pi").orElseThrow();
        MutationResult expected = new PodMutationPipeline(caches.policies()).mutate(
                new MutationContext("team-a", SparkRole.DRIVER, app), pod, Map.of("tenant", "team-a",
                        "kubernetes.io/metadata.name", "team-a"));
        assertThat(normalized(patched)).isEqualTo(normalized(Json.mapper().valueToTree(expected.mutated())));
        assertThat(patched.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo(app.getMetadata().getUid());
        assertThat(patched.at("/spec/nodeSelector/pool").asText()).isEqualTo("spark");
        assertThat(patched.at("/spec/priorityClassName").asText()).isEqualTo("spark-batch");
        assertThat(patched.at("/metadata/labels/cost-center").asText()).isEqualTo("team-a");
        assertThat(r.getWarnings() == null ? List.of() : r.getWarnings()).isEqualTo(expected.warnings());

        // The same pod in a namespace no policy selects gets the app's mutations only.
        client.resources(SparkApplication.class).inNamespace("team-z").resource(sparkPi("spark-pi", "team-z"))
                .create();
        await("app in team-z cached", () -> caches.apps().find("team-z", "spark-pi").isPresent());
        JsonNode plain = JsonPatch.fromJson(Json.mapper().readTree(Base64.getDecoder().decode(admit("/mutate/pods",
                Reviews.podCreate(pod, "team-z")).getPatch()))).apply(pod);
        assertThat(plain.at("/spec/nodeSelector/pool").isMissingNode()).isTrue();
        assertThat(plain.at("/metadata/ownerReferences/0/name").asText()).isEqualTo("spark-pi");
    }

    @Test
    void aRefusedMutationIsA403WithTheRefusalAsMessage() {
        ObjectNode pod = (ObjectNode) SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        ((ObjectNode) pod.get("metadata").get("labels")).put("sparkoperator.k8s.io/app-name", "secretive");
        AdmissionResponse r = admit("/mutate/pods", Reviews.podCreate(pod, "team-a"));
        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getPatch()).isNull();
        assertThat(r.getStatus().getCode()).isEqualTo(403);
        assertThat(r.getStatus().getMessage()).startsWith("spec.driver.secrets[0]: Secret gcp of type "
                + "GCPServiceAccount cannot be mounted at /opt/spark/conf");
    }

    private static Object normalized(JsonNode pod) throws Exception {
        return Json.mapper().valueToTree(Json.mapper().treeToValue(pod, Pod.class));
    }

    private static AdmissionResponse admit(String path, JsonNode review) {
        String body = given().config(RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig()
                        .trustStore(server.pki.trustStore())))
                .baseUri("https://localhost").port(server.server.port()).contentType("application/json")
                .body(Json.write(review)).post(path).then().statusCode(200).extract().asString();
        AdmissionReview answer = Json.read(body, AdmissionReview.class);
        assertThat(answer.getResponse().getUid()).isEqualTo(Reviews.uid(review));
        return answer.getResponse();
    }

    private static JsonNode appCreate(SparkApplication app) {
        return Reviews.review(SparkApplication.GROUP, "v1beta2", "SparkApplication", "sparkapplications", "CREATE",
                app.getMetadata().getNamespace(), Json.mapper().valueToTree(app));
    }

    private static SparkApplication sparkPi(String name, String namespace) throws Exception {
        SparkApplication app = Json.read(Files.readString(Path.of("..", "examples", "spark-pi.yaml")),
                SparkApplication.class);
        app.getMetadata().setName(name);
        app.getMetadata().setNamespace(namespace);
        return app;
    }

    private static SparkPolicy quotaPolicy(String maxCores) {
        return Json.read("""
                {"apiVersion":"sparkgate.io/v1alpha1","kind":"SparkPolicy","metadata":{"name":"quota"},
                 "spec":{"namespaceSelector":{"matchLabels":{"tenant":"quota"}},"enforcementAction":"deny",
                   "quota":{"maxCores":"%s"}}}""".formatted(maxCores), SparkPolicy.class);
    }

    private static void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .addToLabels("kubernetes.io/metadata.name", name).endMetadata().build()).create();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 30 s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
