package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.mutators.OwnerReferenceMutator;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.apps.AppLookup;
import io.sparkgate.webhook.apps.DirectoryAppLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodMutatingHandlerTest {
    private static final String EXPECTED_UID = java.util.UUID.nameUUIDFromBytes(
            "sparkgate-dev/default/spark-pi".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Scheduler scheduler = (ms, task) -> executor.schedule(task, ms, TimeUnit.MILLISECONDS);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private PodMutatingHandler handler(AppLookup apps, MissingAppPolicy policy) {
        var wait = new PodMutatingHandler.AppWait(Duration.ofMillis(200), Duration.ofMillis(20), policy, scheduler);
        // The handler's mechanics with one mutator, so the patch is small enough to assert exactly.
        return new PodMutatingHandler(PodMutation.of(new MutationChain(List.of(new OwnerReferenceMutator()))), apps,
                wait, new AdmissionMetrics(registry));
    }

    private static AppLookup examples() {
        return DirectoryAppLookup.load(Path.of("..", "examples"));
    }

    private static AdmissionOutcome decide(PodMutatingHandler handler, JsonNode review) throws Exception {
        return handler.handle(Reviews.call(review)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void driverOfAKnownAppGetsItsOwnerReferenceAsAnExactPatch() throws Exception {
        JsonNode pod = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        AdmissionOutcome outcome = decide(handler(examples(), MissingAppPolicy.ALLOW), Reviews.podCreate(pod, "default"));

        assertThat(outcome).isInstanceOf(AdmissionOutcome.Patched.class);
        JsonNode patch = ((AdmissionOutcome.Patched) outcome).patch();
        JsonNode expected = Json.mapper().readTree("""
                [{"op":"add","path":"/metadata/ownerReferences","value":[{"apiVersion":"sparkoperator.k8s.io/v1beta2",
                  "kind":"SparkApplication","name":"spark-pi","uid":"%s","controller":true,
                  "blockOwnerDeletion":true}]}]""".formatted(EXPECTED_UID));
        assertThat(patch).isEqualTo(expected);
        JsonNode patched = JsonPatch.fromJson(patch).apply(pod);
        ObjectNode expectedPod = pod.deepCopy();
        ((ObjectNode) expectedPod.get("metadata")).set("ownerReferences", expected.get(0).get("value"));
        assertThat(patched).isEqualTo(expectedPod);
        assertThat(outcome.warnings()).isEmpty();
    }

    @Test
    void podsTheWebhookDoesNotHandleAreSkipped() throws Exception {
        JsonNode driver = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        ObjectNode plain = driver.deepCopy();
        ((ObjectNode) plain.get("metadata").get("labels")).remove("spark-role");
        ObjectNode otherRole = driver.deepCopy();
        ((ObjectNode) otherRole.get("metadata").get("labels")).put("spark-role", "shuffle");
        PodMutatingHandler handler = handler(examples(), MissingAppPolicy.DENY);

        assertThat(decide(handler, Reviews.podCreate(plain, "default"))).isInstanceOf(AdmissionOutcome.Skipped.class);
        assertThat(decide(handler, Reviews.podCreate(otherRole, "default")))
                .isInstanceOf(AdmissionOutcome.Skipped.class);
        assertThat(decide(handler, Reviews.review("", "v1", "Pod", "pods", "DELETE", "default", driver)))
                .isInstanceOf(AdmissionOutcome.Skipped.class);
        assertThat(decide(handler, Reviews.review("", "v1", "Pod", "pods", "UPDATE", "default", driver)))
                .isInstanceOf(AdmissionOutcome.Skipped.class);
        assertThat(decide(handler, Reviews.review("", "v1", "ConfigMap", "configmaps", "CREATE", "default",
                SparkFixtures.json(SparkFixtures.files(SparkFixtures.JAVA_SPARK_PI, "ConfigMap").get(0)))))
                .isInstanceOf(AdmissionOutcome.Skipped.class);
    }

    @Test
    void executorOfAnAppNobodyCreatedGetsOnlyAppIndependentMutationsAWarningAndAMetric() throws Exception {
        JsonNode executor = SparkFixtures.podJson(SparkFixtures.EXECUTORS);
        AdmissionOutcome outcome = decide(handler(examples(), MissingAppPolicy.ALLOW),
                Reviews.podCreate(executor, "default"));

        assertThat(outcome).isInstanceOf(AdmissionOutcome.Allowed.class);
        assertThat(outcome.warnings()).singleElement().asString()
                .contains("SparkApplication default/tiny is not known to sparkgate after 200 ms")
                .contains("only the admin defaults are applied");
        assertThat(registry.get(AdmissionMetrics.APP_MISSING).tag("outcome", "allow").counter().count()).isEqualTo(1);
    }

    @Test
    void missingAppCanBeDenied() throws Exception {
        AdmissionOutcome outcome = decide(handler(examples(), MissingAppPolicy.DENY),
                Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.EXECUTORS), "default"));
        assertThat(outcome).isInstanceOfSatisfying(AdmissionOutcome.Denied.class, d -> {
            assertThat(d.code()).isEqualTo(403);
            assertThat(d.message()).contains("default/tiny").contains("retry");
        });
    }

    @Test
    void anAppThatReachesTheCacheDuringTheWaitIsUsed() throws Exception {
        Map<String, SparkApplication> cache = new ConcurrentHashMap<>();
        AppLookup apps = (ns, name) -> Optional.ofNullable(cache.get(ns + "/" + name));
        SparkApplication app = examples().find("default", "spark-pi").orElseThrow();
        executor.schedule(() -> cache.put("default/spark-pi", app), 60, TimeUnit.MILLISECONDS);

        AdmissionOutcome outcome = decide(handler(apps, MissingAppPolicy.DENY),
                Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI), "default"));
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Patched.class);
    }

    @Test
    void theRequestNamespaceWinsOverThePodsOwn() throws Exception {
        // The fixture pod carries no namespace (the API server fills it from the path); the app of another
        // namespace must not be used.
        AdmissionOutcome outcome = decide(handler(examples(), MissingAppPolicy.ALLOW),
                Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI), "team-b"));
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Allowed.class);
        assertThat(outcome.warnings()).singleElement().asString().contains("team-b/spark-pi");
    }

    @Test
    void aRefusalIsA403WhoseMessageIsTheRefusal() throws Exception {
        PodMutation refusing = (context, pod) -> new MutationResult(null, Json.mapper().createArrayNode(),
                List.of("a warning"), Optional.of("spec.driver.secrets[0]: Secret gcp of type GCPServiceAccount "
                + "cannot be mounted"));
        var wait = new PodMutatingHandler.AppWait(Duration.ZERO, Duration.ofMillis(20), MissingAppPolicy.ALLOW,
                scheduler);
        AdmissionOutcome outcome = decide(new PodMutatingHandler(refusing, examples(), wait,
                new AdmissionMetrics(registry)), Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI),
                "default"));
        assertThat(outcome).isInstanceOfSatisfying(AdmissionOutcome.Denied.class, d -> {
            assertThat(d.code()).isEqualTo(403);
            assertThat(d.message())
                    .isEqualTo("spec.driver.secrets[0]: Secret gcp of type GCPServiceAccount cannot be mounted");
            assertThat(d.warnings()).containsExactly("a warning");
        });
    }
}
