package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.QuotaCommit;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.ReservationStore;
import io.sparkgate.policy.quota.SharedReservations;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Tenant quotas committed cluster-wide: several engines (replicas, each with its own in-memory ledger and caches
 * that never see the new apps) share one compare-and-swap store, and the quota still holds exactly.
 */
class QuotaCommitTest {
    private static final String NS = "team-a-etl";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<QuotaCommit.Outcome, AtomicLong> outcomes = new EnumMap<>(QuotaCommit.Outcome.class);

    QuotaCommitTest() {
        for (QuotaCommit.Outcome o : QuotaCommit.Outcome.values()) {
            outcomes.put(o, new AtomicLong());
        }
    }

    /** An API server's optimistic concurrency over one object per policy, with a few injectable faults. */
    static class CasStore implements ReservationStore {
        final Map<String, Version> objects = new ConcurrentHashMap<>();
        private final AtomicLong versions = new AtomicLong();
        volatile boolean alwaysConflict;
        volatile RuntimeException failure;

        @Override
        public Version read(String policy) {
            if (failure != null) {
                throw failure;
            }
            return objects.getOrDefault(policy, Version.absent());
        }

        @Override
        public synchronized boolean replace(String policy, Version base, Map<String, String> data) {
            if (failure != null) {
                throw failure;
            }
            Version current = objects.get(policy);
            String rv = current == null ? null : current.resourceVersion();
            if (alwaysConflict || !java.util.Objects.equals(rv, base.resourceVersion())) {
                return false;
            }
            objects.put(policy, new Version(Long.toString(versions.incrementAndGet()), Map.copyOf(data)));
            return true;
        }
    }

    private PolicyEngine replica(CasStore store, PolicyIndex index) {
        return new PolicyEngine(() -> index, new ReservationLedger(clock, Duration.ofSeconds(60)), commit(store));
    }

    /** A commit whose back-off between conflicting rounds spends the test clock, not real time. */
    private QuotaCommit commit(CasStore store) {
        return new QuotaCommit(store, clock, Duration.ofSeconds(60), Duration.ofSeconds(3),
                o -> outcomes.get(o).incrementAndGet(), ms -> clock.advance(Duration.ofMillis(ms)));
    }

    private static ClusterView view() {
        return ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a")).build();
    }

    private static PolicyIndex thirtyCores() {
        return TenantQuotaTest.index(TenantQuotaTest.policy("    maxCores: \"30\"\n"));
    }

    private int burst(List<PolicyEngine> replicas, int apps, long seed, List<String> denials) throws Exception {
        return burst(replicas, apps, seed, denials, view());
    }

    private int burst(List<PolicyEngine> replicas, int apps, long seed, List<String> denials, ClusterView view)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(apps);
        Random random = new Random(seed);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AdmissionDecision>> results = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            PolicyEngine replica = replicas.get(random.nextInt(replicas.size()));
            SparkApplication app = TenantQuotaTest.app("app-" + seed + "-" + i, 2, 1); // 3 cores each
            Callable<AdmissionDecision> call = () -> {
                start.await();
                return replica.validateSparkApplication(AdmissionInput.create(NS, app), view);
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
                denials.add(((AdmissionDecision.Denied) d).message());
            }
        }
        pool.shutdown();
        return admitted;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234, 99999})
    void threeReplicasAdmitExactlyTheTenThatFit(long seed) throws Exception {
        CasStore store = new CasStore();
        PolicyIndex index = thirtyCores();
        List<PolicyEngine> replicas = List.of(replica(store, index), replica(store, index), replica(store, index));
        List<String> denials = new ArrayList<>();
        assertThat(burst(replicas, 50, seed, denials)).isEqualTo(10);
        assertThat(denials).hasSize(40).allSatisfy(m -> assertThat(m).contains("tenant team-a (SparkPolicy team-a) "
                + "has 0 of 30 left"));
        assertThat(SharedReservations.decode(store.read("team-a").data())).hasSize(10);
        assertThat(outcomes.get(QuotaCommit.Outcome.COMMITTED)).hasValue(10);
    }

    @Test
    void inMemoryReplicasOverAdmitWhichIsWhyTheCommitExists() throws Exception {
        PolicyIndex index = thirtyCores();
        List<PolicyEngine> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(new PolicyEngine(() -> index, new ReservationLedger(clock, Duration.ofSeconds(60))));
        }
        assertThat(burst(replicas, 50, 3, new ArrayList<>())).isGreaterThan(10);
    }

    @Test
    void capacityOfACreateThatNeverCompletedComesBackAfterTheExpiry() throws Exception {
        CasStore store = new CasStore();
        PolicyIndex index = thirtyCores();
        PolicyEngine a = replica(store, index);
        assertThat(burst(List.of(a), 10, 5, new ArrayList<>())).isEqualTo(10);
        // replica a dies; its apps were never stored, so the caches never show them
        PolicyEngine b = replica(store, index);
        assertThat(burst(List.of(b), 1, 6, new ArrayList<>())).isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(burst(List.of(b), 12, 8, new ArrayList<>())).isEqualTo(10);
    }

    @Test
    void aReservationObjectDeletedOrEditedByHandIsRecomputedAndNeverNegative() throws Exception {
        CasStore store = new CasStore();
        PolicyIndex index = thirtyCores();
        PolicyEngine a = replica(store, index);
        assertThat(burst(List.of(a), 4, 11, new ArrayList<>())).isEqualTo(4);
        // edited by hand: garbage and a negative amount are dropped, not counted
        Map<String, String> edited = new HashMap<>(store.read("team-a").data());
        edited.put("app." + NS + ".negative", "cpu=-100000,mem=0,executors=0,app=-,expires=" + Long.MAX_VALUE);
        edited.put("garbage", "x");
        store.objects.put("team-a", new ReservationStore.Version("edited", edited));
        assertThat(burst(List.of(a), 10, 12, new ArrayList<>())).isEqualTo(6);
        // the next write drops what does not parse or counts negative
        assertThat(store.read("team-a").data()).hasSize(10).doesNotContainKeys("garbage", "app." + NS + ".negative");
        // deleted by hand: usage is what the caches show (nothing here), the object is created again
        store.objects.clear();
        assertThat(burst(List.of(a), 12, 13, new ArrayList<>())).isEqualTo(10);
    }

    @Test
    void aHandEditedExpiryHoldsCapacityNoLongerThanTheTtl() throws Exception {
        CasStore store = new CasStore();
        PolicyEngine a = replica(store, thirtyCores());
        long soon = clock.instant().plusSeconds(50).toEpochMilli();
        store.objects.put("team-a", new ReservationStore.Version("edited", Map.of(
                "app." + NS + ".forever", "cpu=30000,mem=0,executors=0,app=forever,expires=" + Long.MAX_VALUE,
                "app." + NS + ".pending", "cpu=15000,mem=0,executors=0,app=pending,expires=" + soon)));
        // the far-future expiry no write could have set is ignored; the pending entry holds until it lapses
        assertThat(burst(List.of(a), 12, 21, new ArrayList<>())).isEqualTo(5);
        assertThat(store.read("team-a").data()).hasSize(6).doesNotContainKey("app." + NS + ".forever");
        clock.advance(Duration.ofSeconds(51)); // the pending entry lapsed; the five (never stored) hold 60 s
        assertThat(burst(List.of(a), 12, 22, new ArrayList<>())).isEqualTo(5);
        clock.advance(Duration.ofSeconds(61));
        assertThat(burst(List.of(a), 12, 23, new ArrayList<>())).isEqualTo(10);
    }

    @Test
    void anEntryHoldsWhileAnotherReplicasCachesMayLagAndThePruneDropsItOnceExpired() throws Exception {
        CasStore store = new CasStore();
        PolicyIndex index = thirtyCores();
        PolicyEngine a = replica(store, index);
        List<SparkApplication> stored = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SparkApplication app = TenantQuotaTest.app("seen-" + i, 2, 1);
            assertThat(a.validateSparkApplication(AdmissionInput.create(NS, app), view()).allowed()).isTrue();
            stored.add(app);
        }
        ClusterSnapshot.Builder caches = ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a"));
        stored.forEach(caches::app);
        // replica a's caches show the four; its next writes keep their entries all the same
        assertThat(burst(List.of(a), 10, 31, new ArrayList<>(), caches.build())).isEqualTo(6);
        assertThat(store.read("team-a").data()).hasSize(10);
        // replica b's caches show none of them yet: it counts all ten through the entries, and admits nothing
        PolicyEngine b = replica(store, index);
        assertThat(burst(List.of(b), 5, 32, new ArrayList<>())).isZero();
        QuotaCommit commit = commit(store);
        assertThat(commit.prune("team-a")).isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(commit.prune("team-a")).isEqualTo(10);
        assertThat(store.read("team-a").data()).isEmpty();
        assertThat(commit.prune("team-a")).isZero();
    }

    @Test
    void dryRunDecidesButCommitsNothing() {
        CasStore store = new CasStore();
        PolicyEngine a = replica(store, thirtyCores());
        AdmissionInput create = AdmissionInput.create(NS, TenantQuotaTest.app("dry", 2, 1));
        AdmissionInput dry = new AdmissionInput(create.operation(), NS, create.object(), null, true);
        assertThat(a.validateSparkApplication(dry, view()).allowed()).isTrue();
        assertThat(store.objects).isEmpty();
        assertThat(outcomes.get(QuotaCommit.Outcome.COMMITTED)).hasValue(0);
    }

    @Test
    void conflictStormsAndServerErrorsDenyClearlyAndNeverAdmit() {
        CasStore store = new CasStore();
        store.alwaysConflict = true;
        PolicyEngine a = replica(store, thirtyCores());
        // each conflict costs 100 ms of the 3 s budget, and each back-off up to 64 ms more
        CasStore slow = new CasStore() {
            @Override
            public synchronized boolean replace(String policy, Version base, Map<String, String> data) {
                clock.advance(Duration.ofMillis(100));
                return false;
            }
        };
        PolicyEngine storm = replica(slow, thirtyCores());
        AdmissionDecision d = storm.validateSparkApplication(AdmissionInput.create(NS,
                TenantQuotaTest.app("x", 2, 1)), view());
        assertThat(d.allowed()).isFalse();
        assertThat(((AdmissionDecision.Denied) d).message()).startsWith("quota could not be checked: SparkPolicy "
                + "team-a: no commit within 3000 ms");
        assertThat(outcomes.get(QuotaCommit.Outcome.CONFLICT).get()).isBetween(18L, 30L);
        assertThat(outcomes.get(QuotaCommit.Outcome.FAILURE)).hasValue(1);

        store.alwaysConflict = false;
        store.failure = new IllegalStateException("the server responded with status code 503");
        AdmissionDecision e = a.validateSparkApplication(AdmissionInput.create(NS,
                TenantQuotaTest.app("y", 2, 1)), view());
        assertThat(((AdmissionDecision.Denied) e).message()).isEqualTo("quota could not be checked: SparkPolicy "
                + "team-a: reading its reservations: the server responded with status code 503");
        assertThat(store.objects).isEmpty();
    }

    @Test
    void namespacesWithoutAQuotaNeverTouchTheStore() {
        CasStore store = new CasStore();
        store.failure = new IllegalStateException("must not be called");
        PolicyEngine a = replica(store, thirtyCores());
        assertThat(a.validateSparkApplication(AdmissionInput.create("other", TenantQuotaTest.app("z", 2, 1)),
                ClusterSnapshot.builder().namespace("other", Map.of()).build()).allowed()).isTrue();
    }
}
