package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.policy.quota.Amounts;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code /validate/pods} with quantities and shapes a fuzzer sends: an amount too large to count, or one whose
 * exponent would take fabric8 seconds to expand, is a 422 naming the field (never an ArithmeticException, never a
 * stalled event loop); a pod without containers counts nothing; sums saturate instead of wrapping to a small
 * number that would pass a quota.
 */
class HostilePodQuotaTest {
    private static final String NS = "team-a-etl";
    private final ReservationLedger ledger = new ReservationLedger(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(60));
    private final PolicyEngine engine = new PolicyEngine(() -> TenantQuotaTest.index(TenantQuotaTest.policy(
            "    maxCores: \"16\"\n    maxMemory: 64Gi\n")), ledger);

    private static ClusterView view() {
        return ClusterViewFixture.tenant();
    }

    private static AdmissionDecision.Denied invalid(AdmissionDecision d) {
        assertThat(d).isInstanceOf(AdmissionDecision.Denied.class);
        AdmissionDecision.Denied denied = (AdmissionDecision.Denied) d;
        assertThat(denied.code()).isEqualTo(422);
        assertThat(denied.reason()).isEqualTo("Invalid");
        return denied;
    }

    @Test
    void aQuantityTooLargeToCountIsInvalidNamingTheField() {
        Pod pod = TenantQuotaTest.pod("huge", "executor", null, "1", "1Gi");
        pod.getSpec().getContainers().get(0).getResources().getRequests().put("cpu",
                new Quantity("9999999999999999999999Ei"));
        assertThat(invalid(engine.validatePod(AdmissionInput.create(NS, pod), view())).message()).isEqualTo(
                "spec.containers[0].resources.requests.cpu: \"9999999999999999999999Ei\" is too large to count");

        Pod memory = TenantQuotaTest.pod("huge-mem", "executor", null, "1", "1Gi");
        memory.getSpec().getContainers().get(0).getResources().getLimits().put("memory",
                new Quantity("99999999999999999999999999Pi"));
        assertThat(invalid(engine.validatePod(AdmissionInput.create(NS, memory), view())).message()).isEqualTo(
                "spec.containers[0].resources.limits.memory: \"99999999999999999999999999Pi\" is too large to count");
    }

    @Test
    void aHugeDecimalExponentIsRefusedAtOnce() {
        Pod pod = TenantQuotaTest.pod("exp", "executor", null, "1", "1Gi");
        pod.getSpec().getContainers().get(0).getResources().getRequests().put("memory", new Quantity("1e999999999"));
        // fabric8 alone needs seconds to expand this exponent, the rounding after it far longer.
        AdmissionDecision d = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> engine.validatePod(AdmissionInput.create(NS, pod), view()));
        assertThat(invalid(d).message()).isEqualTo(
                "spec.containers[0].resources.requests.memory: \"1e999999999\" is too large to count");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> invalidCpu("1e-999999999"))).contains("is too large to count");
    }

    private static String invalidCpu(String amount) {
        try {
            Amounts.cpuMillis(new Quantity(amount), "cpu");
            throw new AssertionError(amount + " was counted");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void ordinaryQuantitiesStillCountExactly() {
        assertThat(Amounts.cpuMillis(new Quantity("1500m"), "f")).isEqualTo(1500);
        assertThat(Amounts.cpuMillis(new Quantity("1.0001"), "f")).isEqualTo(1001);
        assertThat(Amounts.cpuMillis(new Quantity("2e3"), "f")).isEqualTo(2_000_000);
        assertThat(Amounts.memoryMiB(new Quantity("64Gi"), "f")).isEqualTo(65_536);
        assertThat(Amounts.memoryMiB(new Quantity("1G"), "f")).isEqualTo(954);
        assertThat(Amounts.memoryMiB(new Quantity("1E"), "f")).isEqualTo(953_674_316_407L);
        assertThat(invalidCpu("12x")).isEqualTo("cpu: \"12x\" is not a Kubernetes quantity");
        assertThat(invalidCpu("-1")).isEqualTo("cpu: must not be negative, was -1");
    }

    @Test
    void podsWithoutContainersOrWithNullContainersCountNothing() {
        for (String containers : new String[] {"null", "[]"}) {
            ObjectNode pod = Json.mapper().valueToTree(TenantQuotaTest.pod("empty", "executor", null, "1", "1Gi"));
            pod.set("spec", Json.mapper().createObjectNode().set("containers", Json.read(containers,
                    com.fasterxml.jackson.databind.JsonNode.class)));
            AdmissionDecision d = engine.validatePod(AdmissionInput.create(NS, pod), view());
            assertThat(d.allowed()).as("containers: " + containers).isTrue();
        }
        ObjectNode nullEntry = Json.mapper().valueToTree(TenantQuotaTest.pod("nul", "executor", null, "1", "1Gi"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) nullEntry.path("spec").path("containers")).addNull();
        assertThat(invalid(engine.validatePod(AdmissionInput.create(NS, nullEntry), view())).message())
                .isEqualTo("spec.containers[1]: a list entry must not be null");
    }

    @Test
    void hugeButCountableFiguresSaturateAndAreDenied() {
        Resources big = new Resources(Long.MAX_VALUE / 2, 1, 1, 1, 1, 0);
        assertThat(big.times(3).cpuMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(big.plus(big).plus(big).cpuMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(big.times(-3).cpuMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(Resources.ZERO.minus(big).minus(big).minus(big).cpuMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(new Resources(3, 4, 5, 6, 1, 1).times(2)).isEqualTo(new Resources(6, 8, 10, 12, 2, 2));

        // 8e21 millicores could wrap to a small or negative number: saturated, they are far beyond 16 cores.
        var app = Support.appYaml("metadata: {name: wide, namespace: " + NS + "}\nspec:\n  type: Scala\n"
                + "  driver: {cores: 1}\n  executor: {cores: 2000000000}\n"
                + "  sparkConf: {spark.executor.instances: \"4000000000\"}\n");
        AdmissionDecision d = engine.validateSparkApplication(AdmissionInput.create(NS, app), view());
        assertThat(d.allowed()).isFalse();
        assertThat(((AdmissionDecision.Denied) d).code()).isEqualTo(403);
        assertThat(((AdmissionDecision.Denied) d).message()).startsWith("app team-a-etl/wide needs 9223372036854775.807 "
                + "cores; tenant team-a (SparkPolicy team-a) has");
    }

    /** The tenant of {@link TenantQuotaTest}, with one running app. */
    private static final class ClusterViewFixture {
        static ClusterView tenant() {
            return io.sparkgate.policy.quota.ClusterSnapshot.builder()
                    .namespace(NS, java.util.Map.of("tenant", "team-a"))
                    .app(TenantQuotaTest.running(TenantQuotaTest.app("a", 1, 1), ApplicationStateType.RUNNING))
                    .build();
        }
    }
}
