package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.PolicyRegistry;
import io.sparkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Tenant quotas, per-app limits, reservations, pods beyond their app's demand and namespace ResourceQuotas. */
class TenantQuotaTest {
    private static final String NS = "team-a-etl";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ReservationLedger ledger = new ReservationLedger(clock, Duration.ofSeconds(60));

    private PolicyEngine engine(PolicyIndex index) {
        return new PolicyEngine(() -> index, ledger);
    }

    private static ClusterSnapshot.Builder tenant() {
        return ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a"))
                .namespace("team-a-ml", Map.of("tenant", "team-a")).namespace("other", Map.of());
    }

    /** An app of {@code executors} executors of {@code cores} cores and a 1-core driver, 1g heaps (1408 MiB pods). */
    static SparkApplication app(String name, int executors, int cores) {
        return Support.appYaml("metadata: {name: " + name + ", namespace: " + NS + "}\nspec:\n  type: Scala\n"
                + "  image: example.com/spark:4.1.1\n  driver: {cores: 1}\n"
                + "  executor: {instances: " + executors + ", cores: " + cores + "}\n");
    }

    static SparkApplication running(SparkApplication app, ApplicationStateType state) {
        SparkApplicationStatus status = new SparkApplicationStatus();
        status.setApplicationState(ApplicationState.of(state));
        app.setStatus(status);
        return app;
    }

    static SparkPolicy policy(String quotaYaml) {
        return Json.read("metadata: {name: team-a}\nspec:\n  namespaceSelector: {matchLabels: {tenant: team-a}}\n"
                + "  quota:\n" + quotaYaml, SparkPolicy.class);
    }

    static PolicyIndex index(SparkPolicy... policies) {
        PolicyRegistry r = new PolicyRegistry();
        for (SparkPolicy p : policies) {
            assertThat(r.upsert(p)).isEmpty();
        }
        return r.snapshot();
    }

    private static String denial(AdmissionDecision d) {
        assertThat(d).isInstanceOf(AdmissionDecision.Denied.class);
        assertThat(((AdmissionDecision.Denied) d).code()).isEqualTo(403);
        return ((AdmissionDecision.Denied) d).message();
    }

    @Test
    void denialNamesTheNumbersAndThePolicy() {
        // etl-daily runs in another namespace of the tenant: 10 cores, 25803 MiB, 4 executors
        SparkApplication etl = running(Support.app("etl-daily.yaml", "team-a-ml"), ApplicationStateType.RUNNING);
        ClusterView view = tenant().app(etl).build();
        PolicyEngine engine = engine(Support.index("team-a.yaml"));
        // 1 + 3 x 2 = 7 cores, 4 pods of 1408 MiB
        AdmissionDecision d = engine.validateSparkApplication(AdmissionInput.create(NS, app("big", 3, 2)), view);
        assertThat(denial(d)).isEqualTo("app team-a-etl/big needs 7 cores; tenant team-a (SparkPolicy team-a) has 6 "
                + "of 16 left");
        assertThat(d.violations()).extracting(PolicyViolation::rule).containsExactly(PolicyViolation.RULE_TENANT_QUOTA);
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("fits", 5, 1)), view).allowed())
                .isTrue();
        // a namespace the policy does not select is not held to it
        SparkApplication elsewhere = app("big", 3, 2);
        assertThat(engine.validateSparkApplication(AdmissionInput.create("other", elsewhere), view).allowed()).isTrue();
    }

    @Test
    void perAppLimitsAndUnboundedDynamicAllocation() {
        PolicyEngine engine = engine(Support.index("team-a.yaml"));
        ClusterView view = tenant().build();
        assertThat(denial(engine.validateSparkApplication(AdmissionInput.create(NS, app("wide", 11, 1)), view)))
                .contains("app team-a-etl/wide needs 11 executors; SparkPolicy team-a allows at most 10 per app");
        SparkApplication da = Support.appYaml("metadata: {name: da}\nspec:\n  type: Scala\n"
                + "  image: example.com/spark:4.1.1\n  dynamicAllocation: {enabled: true}\n");
        assertThat(denial(engine.validateSparkApplication(AdmissionInput.create(NS, da), view)))
                .isEqualTo("spec.dynamicAllocation.maxExecutors: required under the quota of SparkPolicy team-a "
                        + "(unbounded dynamic allocation cannot be counted)");
        // memory with overhead: 8 executors of 4g -> 8 x 4505 + 1408 = 37448 MiB > 32Gi
        SparkApplication mem = Support.appYaml("metadata: {name: mem}\nspec:\n  type: Scala\n"
                + "  image: example.com/spark:4.1.1\n  executor: {instances: 8, memory: 4g, cores: 1}\n");
        assertThat(denial(engine.validateSparkApplication(AdmissionInput.create(NS, mem), view)))
                .isEqualTo("app team-a-etl/mem needs 37448Mi of memory; SparkPolicy team-a allows at most 32Gi per "
                        + "app");
    }

    @Test
    void fiftyParallelCreatesOfWhichTenFitAdmitExactlyTen() throws Exception {
        // each app: 1 + 2 x 1 = 3 cores; 30 cores fit 10
        PolicyEngine engine = engine(index(policy("    maxCores: \"30\"\n")));
        ClusterView view = tenant().build(); // the informer has seen none of them
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AdmissionDecision>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            SparkApplication app = app("app-" + i, 2, 1);
            Callable<AdmissionDecision> call = () -> {
                start.await();
                return engine.validateSparkApplication(AdmissionInput.create(NS, app), view);
            };
            results.add(pool.submit(call));
        }
        start.countDown();
        int admitted = 0;
        for (Future<AdmissionDecision> f : results) {
            AdmissionDecision d = f.get();
            if (d.allowed()) {
                admitted++;
            } else {
                assertThat(denial(d)).endsWith("needs 3 cores; tenant team-a (SparkPolicy team-a) has 0 of 30 left");
            }
        }
        pool.shutdown();
        assertThat(admitted).isEqualTo(10);
        assertThat(ledger.size()).isEqualTo(10);
    }

    @Test
    void unconfirmedReservationExpiresConfirmedOneCountsUntilTheAppFinishes() {
        PolicyEngine engine = engine(index(policy("    maxRunningApps: 1\n")));
        SparkApplication first = app("first", 2, 1);
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, first), tenant().build()).allowed())
                .isTrue();
        AdmissionDecision second = engine.validateSparkApplication(AdmissionInput.create(NS, app("second", 2, 1)),
                tenant().build());
        assertThat(denial(second)).isEqualTo("app team-a-etl/second needs 1 running app; tenant team-a (SparkPolicy "
                + "team-a) has 0 of 1 left");
        // the first create never completed: after the TTL its slot is free
        clock.advance(Duration.ofSeconds(61));
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("second", 2, 1)), tenant().build())
                .allowed()).isTrue();
        // confirmed by the caches: counts while running, however old the reservation
        ClusterView confirmed = tenant().app(running(app("second", 2, 1), ApplicationStateType.RUNNING)).build();
        clock.advance(Duration.ofMinutes(10));
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("third", 2, 1)), confirmed)
                .allowed()).isFalse();
        ClusterView finished = tenant().app(running(app("second", 2, 1), ApplicationStateType.COMPLETED)).build();
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("third", 2, 1)), finished)
                .allowed()).isTrue();
    }

    @Test
    void deleteReleasesAndDryRunReservesNothing() {
        PolicyEngine engine = engine(index(policy("    maxRunningApps: 1\n")));
        ClusterView view = tenant().build();
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("a", 1, 1)).asDryRun(), view)
                .allowed()).isTrue();
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("b", 1, 1)), view).allowed())
                .isTrue();
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("c", 1, 1)), view).allowed())
                .isFalse();
        assertThat(engine.validateSparkApplication(AdmissionInput.delete(NS, app("b", 1, 1)).asDryRun(), view)
                .allowed()).isTrue();
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("c", 1, 1)), view).allowed())
                .isFalse();
        engine.validateSparkApplication(AdmissionInput.delete(NS, app("b", 1, 1)), view);
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("c", 1, 1)), view).allowed())
                .isTrue();
    }

    @Test
    void updateCountsOnlyTheGrowth() {
        PolicyEngine engine = engine(index(policy("    maxCores: \"10\"\n")));
        SparkApplication a = running(app("a", 2, 1), ApplicationStateType.RUNNING); // 3 cores
        ClusterView view = tenant().app(a).app(running(app("b", 4, 1), ApplicationStateType.RUNNING)).build(); // +5
        assertThat(engine.validateSparkApplication(AdmissionInput.update(NS, a, app("a", 4, 1)), view).allowed())
                .isTrue(); // 5 + 5 = 10
        assertThat(denial(engine.validateSparkApplication(AdmissionInput.update(NS, a, app("a", 5, 1)), view)))
                .isEqualTo("app team-a-etl/a needs 6 cores; tenant team-a (SparkPolicy team-a) has 5 of 10 left");
    }

    static Pod pod(String name, String role, String app, String cpu, String memory) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(SparkLabels.SPARK_ROLE, role).endMetadata()
                .withNewSpec().addNewContainer().withName("spark-kubernetes-" + role).withImage("example.com/spark:4")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .addToLimits("memory", new Quantity(memory)).endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        if (app != null) {
            b.editMetadata().addToLabels(SparkLabels.APP_NAME, app).endMetadata();
        }
        return b.build();
    }

    @Test
    void podsWithinTheirAppsDemandPassAndPodsBeyondItAreHeldToTheQuota() {
        PolicyEngine engine = engine(index(policy("    maxCores: \"16\"\n")));
        SparkApplication a = running(app("a", 3, 1), ApplicationStateType.RUNNING); // declares 4 cores
        SparkApplication b = running(app("b", 11, 1), ApplicationStateType.RUNNING); // 12 cores: tenant full
        ClusterSnapshot.Builder base = tenant().app(a).app(b).pod(pod("a-driver", "driver", "a", "1", "1408Mi"));
        for (int i = 1; i <= 2; i++) {
            base.pod(pod("a-exec-" + i, "executor", "a", "1", "1408Mi"));
        }
        ClusterView view = base.build();
        assertThat(engine.validatePod(AdmissionInput.create(NS, pod("a-exec-3", "executor", "a", "1", "1408Mi")), view)
                .allowed()).isTrue();
        // a-exec-3 is reserved though the caches do not show it yet: a fourth executor goes beyond the declared 4
        assertThat(denial(engine.validatePod(AdmissionInput.create(NS, pod("a-exec-4", "executor", "a", "1",
                "1408Mi")), view))).isEqualTo("app team-a-etl/a with executor pod a-exec-4 needs 5 cores; tenant "
                + "team-a (SparkPolicy team-a) has 4 of 16 left");
        assertThat(denial(engine.validatePod(AdmissionInput.create(NS, pod("adhoc-driver", "driver", null, "1",
                "1Gi")), view))).isEqualTo("pod team-a-etl/adhoc-driver needs 1 core; tenant team-a (SparkPolicy "
                + "team-a) has 0 of 16 left");
        Pod plain = new PodBuilder().withNewMetadata().withName("web").endMetadata().build();
        assertThat(engine.validatePod(AdmissionInput.create(NS, plain), view).allowed()).isTrue();
    }

    static ResourceQuota quota(Map<String, String> hard, Map<String, String> used) {
        ResourceQuotaBuilder b = new ResourceQuotaBuilder().withNewMetadata().withName("compute").withNamespace(NS)
                .endMetadata().withNewSpec().endSpec().withNewStatus().endStatus();
        hard.forEach((k, v) -> b.editSpec().addToHard(k, new Quantity(v)).endSpec());
        used.forEach((k, v) -> b.editStatus().addToUsed(k, new Quantity(v)).endStatus());
        return b.build();
    }

    @Test
    void namespaceResourceQuotaIsHonouredForTheWholeAppMemoryCountedOnce() {
        PolicyEngine engine = engine(PolicyIndex.empty());
        // a web pod uses 2 cores and 4Gi; a running Spark app's driver (1 core, 1408Mi) is in status.used too
        SparkApplication running = running(app("running", 1, 1), ApplicationStateType.RUNNING); // 2 cores, 2816Mi
        ClusterView view = tenant().app(running).pod(pod("running-driver", "driver", "running", "1", "1408Mi"))
                .resourceQuota(quota(Map.of("requests.cpu", "8", "memory", "12Gi", "limits.memory", "12Gi"),
                        Map.of("requests.cpu", "3", "memory", "5504Mi", "limits.memory", "5504Mi"))).build();
        // left: cpu 8 - 2 (web) - 2 (running app at full size) = 4; memory 12288 - 4096 - 2816 = 5376 MiB;
        // "ok" then reserves 3 cores and 4224 MiB, leaving 1 core and 1152 MiB for "big" (5 cores, 7040 MiB)
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app("ok", 2, 1)), view).allowed())
                .isTrue(); // 3 cores, 4224 MiB
        assertThat(denial(engine.validateSparkApplication(AdmissionInput.create(NS, app("big", 4, 1)), view)))
                .isEqualTo("app team-a-etl/big needs 7040Mi of limits.memory; ResourceQuota team-a-etl/compute has "
                        + "1152Mi of 12Gi left; app team-a-etl/big needs 7040Mi of memory; ResourceQuota "
                        + "team-a-etl/compute has 1152Mi of 12Gi left; app team-a-etl/big needs 5 cores of "
                        + "requests.cpu; ResourceQuota team-a-etl/compute has 1 core of 8 cores left");
    }
}
