package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.DemandMemo;
import io.sparkgate.policy.quota.NamespaceUsage;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tenant usage with memoised per-object figures: the same totals as computing everything, each stored version of
 * a pod or app parsed once, a new resourceVersion parsed again, objects without uid or resourceVersion never
 * memoised, and the memo bounded.
 */
class DemandMemoTest {
    private static final String NS = "team-a-etl";
    private final ReservationLedger ledger = new ReservationLedger(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(60));

    private static Pod stored(Pod pod, String uid, String version) {
        pod.getMetadata().setUid(uid);
        pod.getMetadata().setResourceVersion(version);
        return pod;
    }

    private static SparkApplication stored(SparkApplication app, String uid, String version) {
        app.getMetadata().setUid(uid);
        app.getMetadata().setResourceVersion(version);
        return app;
    }

    private static ClusterView view(Pod... pods) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a"))
                .app(stored(TenantQuotaTest.running(TenantQuotaTest.app("a", 1, 1), ApplicationStateType.RUNNING),
                        "app-a", "7"));
        for (Pod p : pods) {
            b.pod(p);
        }
        return b.build();
    }

    @Test
    void memoisedUsageEqualsComputedUsage() {
        ClusterView view = view(stored(TenantQuotaTest.pod("a-driver", "driver", "a", "1", "1408Mi"), "p1", "1"),
                stored(TenantQuotaTest.pod("a-exec-1", "executor", "a", "3", "4Gi"), "p2", "1"),
                stored(TenantQuotaTest.pod("adhoc", "driver", null, "2", "2Gi"), "p3", "1"));
        DemandMemo memo = new DemandMemo(100);
        NamespaceUsage computed = NamespaceUsage.of(view, ledger, NS);
        for (int i = 0; i < 3; i++) {
            NamespaceUsage memoised = NamespaceUsage.of(view, ledger, NS, memo);
            assertThat(memoised.total()).isEqualTo(computed.total());
            assertThat(memoised.liveSparkPods()).isEqualTo(computed.liveSparkPods());
            assertThat(memoised.app("a")).isEqualTo(computed.app("a"));
        }
        // app a: max(declared 2 cores, live 1 + 3) = 4 cores, plus the ad-hoc driver's 2 and its app count
        assertThat(computed.total().cpuMillis()).isEqualTo(6000);
        assertThat(computed.total().apps()).isEqualTo(2);
        assertThat(memo.size()).isEqualTo(4); // 3 pods and 1 app
    }

    @Test
    void aStoredVersionIsParsedOnceAndANewVersionAgain() {
        DemandMemo memo = new DemandMemo(100);
        Resources first = NamespaceUsage.of(view(stored(TenantQuotaTest.pod("x", "executor", null, "1", "1Gi"),
                "p1", "1")), ledger, NS, memo).liveSparkPods();
        // The same uid and resourceVersion is the same stored object: its figures come from the memo.
        Resources again = NamespaceUsage.of(view(stored(TenantQuotaTest.pod("x", "executor", null, "5", "1Gi"),
                "p1", "1")), ledger, NS, memo).liveSparkPods();
        Resources updated = NamespaceUsage.of(view(stored(TenantQuotaTest.pod("x", "executor", null, "5", "1Gi"),
                "p1", "2")), ledger, NS, memo).liveSparkPods();
        assertThat(first.cpuMillis()).isEqualTo(1000);
        assertThat(again).isEqualTo(first);
        assertThat(updated.cpuMillis()).isEqualTo(5000);
    }

    @Test
    void objectsWithoutAVersionAreNeverMemoisedAndTheMemoIsBounded() {
        DemandMemo memo = new DemandMemo(2);
        Pod unversioned = TenantQuotaTest.pod("x", "executor", null, "1", "1Gi");
        assertThat(NamespaceUsage.of(view(unversioned), ledger, NS, memo).liveSparkPods().cpuMillis()).isEqualTo(1000);
        unversioned.getSpec().getContainers().get(0).getResources().getRequests()
                .put("cpu", new io.fabric8.kubernetes.api.model.Quantity("3"));
        assertThat(NamespaceUsage.of(view(unversioned), ledger, NS, memo).liveSparkPods().cpuMillis()).isEqualTo(3000);

        for (int i = 0; i < 10; i++) {
            NamespaceUsage.of(view(stored(TenantQuotaTest.pod("p" + i, "executor", null, "1", "1Gi"), "u" + i, "1")),
                    ledger, NS, memo);
        }
        assertThat(memo.size()).isLessThanOrEqualTo(4); // at most 2 pods and 2 apps
    }
}
