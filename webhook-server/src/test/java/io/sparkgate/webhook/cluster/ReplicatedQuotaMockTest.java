package io.sparkgate.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.QuotaCommit;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.PolicyRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three replicas' policy engines committing to ConfigMaps through fabric8's CRUD mock, whose resourceVersion
 * checks stand in for the API server's: 50 concurrent creates of which 10 fit admit exactly 10, whichever replica
 * each lands on, and the ConfigMap deleted by hand is recreated from what is left.
 */
@EnableKubernetesMockClient(crud = true)
class ReplicatedQuotaMockTest {
    private static final String NS = "team-a";
    private static final String RELEASE = "sparkgate";
    KubernetesClient client;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private PolicyEngine replica(PolicyIndex index) {
        QuotaCommit commit = new QuotaCommit(new ConfigMapReservationStore(client, RELEASE), Clock.systemUTC(),
                Duration.ofSeconds(60), Duration.ofSeconds(5), ClusterMetrics.quotaCommits(registry));
        return new PolicyEngine(() -> index, new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)), commit);
    }

    private static PolicyIndex thirtyCores() {
        PolicyRegistry r = new PolicyRegistry();
        assertThat(r.upsert(Json.read("metadata: {name: team-a}\nspec:\n  namespaceSelector: {matchLabels: "
                + "{tenant: team-a}}\n  quota:\n    maxCores: \"30\"\n", SparkPolicy.class))).isEmpty();
        return r.snapshot();
    }

    /** 1 + 2 x 1 = 3 cores. */
    private static SparkApplication app(String name) {
        return Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: " + name
                + ", namespace: " + NS + "}\nspec:\n  type: Scala\n  mode: cluster\n  image: example.com/spark:4.1.1\n"
                + "  mainClass: org.apache.spark.examples.SparkPi\n"
                + "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n  sparkVersion: 4.1.1\n"
                + "  driver: {cores: 1}\n  executor: {instances: 2, cores: 1}\n", SparkApplication.class);
    }

    private int burst(List<PolicyEngine> replicas, int n, long seed, List<String> denials) throws Exception {
        ClusterView view = ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a")).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Random random = new Random(seed);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AdmissionDecision>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PolicyEngine replica = replicas.get(random.nextInt(replicas.size()));
            SparkApplication app = app("app-" + seed + "-" + i);
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
    @ValueSource(longs = {3, 17, 2026})
    void fiftyConcurrentCreatesOverThreeReplicasAdmitExactlyTen(long seed) throws Exception {
        PolicyIndex index = thirtyCores();
        List<PolicyEngine> replicas = List.of(replica(index), replica(index), replica(index));
        List<String> denials = new ArrayList<>();
        assertThat(burst(replicas, 50, seed, denials)).isEqualTo(10);
        assertThat(denials).hasSize(40).allSatisfy(m -> assertThat(m)
                .contains("tenant team-a (SparkPolicy team-a) has 0 of 30 left"));
        var cm = client.configMaps().inNamespace(RELEASE).withName("sparkgate-quota-team-a").get();
        assertThat(cm.getData()).hasSize(10);
        assertThat(cm.getMetadata().getLabels()).containsEntry(ConfigMapReservationStore.POLICY_LABEL, "team-a");
        assertThat(registry.get(ClusterMetrics.QUOTA_COMMIT).tag("outcome", "committed").counter().count())
                .isEqualTo(10);
    }

    @Test
    void aConfigMapDeletedByHandIsCreatedAgainFromWhatTheCachesShow() throws Exception {
        PolicyIndex index = thirtyCores();
        List<PolicyEngine> replicas = List.of(replica(index), replica(index));
        assertThat(burst(replicas, 12, 1, new ArrayList<>())).isEqualTo(10);
        client.configMaps().inNamespace(RELEASE).withName("sparkgate-quota-team-a").delete();
        // the caches show none of those apps (their creates "never completed"): the capacity is free again
        assertThat(burst(replicas, 4, 2, new ArrayList<>())).isEqualTo(4);
        assertThat(client.configMaps().inNamespace(RELEASE).withName("sparkgate-quota-team-a").get().getData())
                .hasSize(4);
    }
}
