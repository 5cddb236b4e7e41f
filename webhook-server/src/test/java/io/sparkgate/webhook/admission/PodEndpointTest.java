package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.apps.AppLookup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /validate/pods} as wired for production: a Spark pod's CREATE, its UPDATEs ({@code kubectl set image})
 * and its {@code pods/ephemeralcontainers} subresource ({@code kubectl debug}) are held to the policy; other
 * subresources are left alone.
 */
class PodEndpointTest {
    private static final String NS = "team-a";
    private static final SparkPolicy BASELINE = Json.read("""
            metadata: {name: team-a}
            spec:
              namespaceSelector: {matchLabels: {tenant: team-a}}
              rules: {podSecurity: {level: baseline}, allowedImageRegistries: [docker.io/apache]}
            """, SparkPolicy.class);
    private final AdmissionHandler pods = AdmissionEndpoints.handlers(AdmissionEndpoints.Components.enforcing(
                    () -> PolicyIndex.of(List.of(BASELINE)),
                    new ReservationLedger(Clock.systemUTC(), ReservationLedger.DEFAULT_TTL),
                    ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a")).build()),
            AppLookup.none(), new PodMutatingHandler.AppWait(Duration.ZERO, Duration.ofMillis(50),
                    MissingAppPolicy.ALLOW, (ms, task) -> task.run()),
            new AdmissionMetrics(new SimpleMeterRegistry())).get(AdmissionEndpoints.VALIDATE_PODS);

    private AdmissionOutcome decide(JsonNode review) throws Exception {
        return pods.handle(Reviews.call(review)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static ObjectNode update(JsonNode oldPod, JsonNode pod, String subResource) {
        ObjectNode review = Reviews.review("", "v1", "Pod", "pods", "UPDATE", NS, pod);
        ObjectNode request = (ObjectNode) review.get("request");
        request.set("oldObject", oldPod.deepCopy());
        if (subResource != null) {
            request.put("subResource", subResource);
        }
        return review;
    }

    private static JsonNode driver() {
        return SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
    }

    @Test
    void anUpdateThatSwapsTheImageIsChecked() throws Exception {
        ObjectNode swapped = (ObjectNode) driver().deepCopy();
        ((ObjectNode) swapped.at("/spec/containers/0")).put("image", "evil.example.com/miner:1");
        assertThat(decide(update(driver(), swapped, null))).isInstanceOfSatisfying(AdmissionOutcome.Denied.class,
                d -> assertThat(d.message()).contains("spec.containers[0].image: \"evil.example.com/miner:1\""));
        assertThat(decide(update(driver(), driver(), null))).isInstanceOf(AdmissionOutcome.Allowed.class);
    }

    @Test
    void aPrivilegedEphemeralContainerIsRefusedAndAnUnprivilegedOneAllowed() throws Exception {
        ObjectNode debugged = (ObjectNode) driver().deepCopy();
        ObjectNode debug = ((ObjectNode) debugged.get("spec")).putArray("ephemeralContainers").addObject();
        debug.put("name", "debugger").put("image", "apache/spark:4.1.1");
        debug.putObject("securityContext").put("privileged", true);
        assertThat(decide(update(driver(), debugged, "ephemeralcontainers")))
                .isInstanceOfSatisfying(AdmissionOutcome.Denied.class, d -> {
                    assertThat(d.code()).isEqualTo(403);
                    assertThat(d.message()).isEqualTo("spec.ephemeralContainers[0].securityContext.privileged: "
                            + "privileged containers are not allowed at Pod Security level \"baseline\" (SparkPolicy "
                            + "team-a)");
                });
        debug.putObject("securityContext").put("privileged", false);
        assertThat(decide(update(driver(), debugged, "ephemeralcontainers")))
                .isInstanceOf(AdmissionOutcome.Allowed.class);
    }

    @Test
    void anUpdateThatDropsTheRoleLabelIsStillASparkPodsAndRefused() throws Exception {
        ObjectNode unlabelled = (ObjectNode) driver().deepCopy();
        ((ObjectNode) unlabelled.at("/metadata/labels")).remove("spark-role");
        assertThat(decide(update(driver(), unlabelled, null))).isInstanceOfSatisfying(AdmissionOutcome.Denied.class,
                d -> assertThat(d.message()).isEqualTo("metadata.labels[\"spark-role\"]: the label of a Spark pod may "
                        + "not be removed or changed (was \"driver\")"));
        // The control: a pod that never was a Spark pod is not sparkgate's.
        assertThat(decide(update(unlabelled, unlabelled, null))).isInstanceOf(AdmissionOutcome.Skipped.class);
    }

    @Test
    void aDebugContainerFromAnotherRegistryIsRefused() throws Exception {
        ObjectNode debugged = (ObjectNode) driver().deepCopy();
        ObjectNode debug = ((ObjectNode) debugged.get("spec")).putArray("ephemeralContainers").addObject();
        debug.put("name", "debugger").put("image", "evil.example.com/tools:1");
        assertThat(decide(update(driver(), debugged, "ephemeralcontainers")))
                .isInstanceOfSatisfying(AdmissionOutcome.Denied.class, d -> assertThat(d.message())
                        .startsWith("spec.ephemeralContainers[0].image: \"evil.example.com/tools:1\" is not from a "
                                + "registry SparkPolicy team-a allows"));
        debug.put("image", "apache/spark:4.1.1");
        assertThat(decide(update(driver(), debugged, "ephemeralcontainers")))
                .isInstanceOf(AdmissionOutcome.Allowed.class);
    }

    @Test
    void otherSubresourcesAreNotValidated() throws Exception {
        ObjectNode hostile = (ObjectNode) driver().deepCopy();
        ((ObjectNode) hostile.get("spec")).put("hostNetwork", true);
        assertThat(decide(update(driver(), hostile, "status"))).isInstanceOfSatisfying(
                AdmissionOutcome.Skipped.class, s -> assertThat(s.why()).isEqualTo("subresource status is not "
                        + "validated"));
        // The control: the same change to the pod itself is refused.
        assertThat(decide(update(driver(), hostile, null))).isInstanceOf(AdmissionOutcome.Denied.class);
        assertThat(decide(Reviews.podCreate(hostile, NS))).isInstanceOf(AdmissionOutcome.Denied.class);
    }
}
