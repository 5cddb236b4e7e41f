package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.dev.WebhookStarter;
import io.sparkgate.cli.server.DevCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: tenant quotas hold across webhook replicas. The API emulation calls the webhook Service, spread
 * round-robin over three real webhook processes' servers (each with its own client, informer caches and
 * in-memory ledger), which commit reservations to ConfigMaps in the release namespace. 50 concurrent
 * SparkApplication creates where 10 fit: exactly 10 stored, 40 denied with the quota message. Each seed is a
 * tenant of its own, so the runs share one cluster and stay independent.
 */
class ReplicatedQuotaEndToEndIT {
    /** Short, so capacity held by a killed replica comes back within the test; far beyond the caches' lag here. */
    private static final Duration TTL = Duration.ofSeconds(4);
    @TempDir
    static Path work;
    private static LocalCluster cluster;
    private static List<WebhookStarter.Running> extra;

    @BeforeAll
    static void start() {
        String[] options = {"--shutdown-grace", "2s", "--app-wait", "2s", "--quota-namespace",
                ChartWebhooks.NAMESPACE, "--quota-reservation-ttl", TTL.toMillis() + "ms"};
        // Enough API workers for 50 creates waiting on webhooks plus the webhooks' own ConfigMap writes.
        cluster = LocalCluster.start(DevCommand.webhookStarter(options), LocalCluster.Options.defaults(work)
                .withApiWorkerThreads(160));
        if (cluster.client().namespaces().withName(ChartWebhooks.NAMESPACE).get() == null) {
            E2e.namespace(cluster.client(), ChartWebhooks.NAMESPACE, Map.of());
        }
        extra = new ArrayList<>(cluster.addReplicas(2));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 23, 97})
    void fiftyConcurrentCreatesOverThreeReplicasStoreExactlyTheTenThatFit(long seed) throws Exception {
        String tenant = "tenant-" + seed;
        KubernetesClient client = tenant(tenant);
        List<String> denials = Collections.synchronizedList(new ArrayList<>());
        int admitted = burst(client, tenant, 50, seed, denials, null);
        assertThat(admitted).isEqualTo(10);
        assertThat(denials).hasSize(40).allSatisfy(m -> assertThat(m)
                .startsWith("admission webhook \"" + ChartWebhooks.VALIDATE_APPS + "\" denied the request: ")
                .contains("tenant " + tenant + " (SparkPolicy " + tenant + ") has 0 of 30 left"));
        assertThat(client.resources(SparkApplication.class).inNamespace(tenant).list().getItems()).hasSize(10);
        assertThat(client.configMaps().inNamespace(ChartWebhooks.NAMESPACE).withName("sparkgate-quota-" + tenant)
                .get().getData()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void dryRunsCommitNothing() {
        String tenant = "tenant-dry";
        KubernetesClient client = tenant(tenant);
        for (int i = 0; i < 6; i++) {
            client.resources(SparkApplication.class).inNamespace(tenant).resource(app(tenant, "dry-" + i)).dryRun()
                    .create();
        }
        assertThat(client.configMaps().inNamespace(ChartWebhooks.NAMESPACE).withName("sparkgate-quota-" + tenant)
                .get()).isNull();
    }

    /** A namespace with a 30-core SparkPolicy of the same name, enforced by every replica. */
    private static KubernetesClient tenant(String name) {
        KubernetesClient client = cluster.client();
        E2e.namespace(client, name, Map.of("tenant", name));
        client.resource(Json.read("apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: " + name
                + "}\nspec:\n  namespaceSelector: {matchLabels: {tenant: " + name + "}}\n  quota:\n"
                + "    maxCores: \"30\"\n", SparkPolicy.class)).create();
        SparkApplication probe = app(name, "probe", 40);
        // every replica's informer has the policy once six dry runs in a row (two rounds of three) are refused
        int[] refusedInARow = {0};
        E2e.await(() -> {
            try {
                client.resources(SparkApplication.class).inNamespace(name).resource(probe).dryRun().create();
                refusedInARow[0] = 0;
            } catch (KubernetesClientException e) {
                refusedInARow[0] = e.getCode() == 403 ? refusedInARow[0] + 1 : 0;
            }
            return refusedInARow[0] >= 6 ? Optional.of(true) : Optional.empty();
        }, Duration.ofSeconds(30), "SparkPolicy " + name + " enforced by all three replicas");
        return client;
    }

    /** 1 + 2 x 1 = 3 cores. */
    private static SparkApplication app(String namespace, String name) {
        return app(namespace, name, 2);
    }

    private static SparkApplication app(String namespace, String name, int executors) {
        return Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: " + name
                + ", namespace: " + namespace + "}\nspec:\n  type: Scala\n  mode: cluster\n"
                + "  image: docker.io/library/spark:4.1.1\n  mainClass: org.apache.spark.examples.SparkPi\n"
                + "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar\n"
                + "  sparkVersion: 4.1.1\n  driver: {cores: 1}\n  executor: {instances: " + executors
                + ", cores: 1}\n", SparkApplication.class);
    }

    private static int burst(KubernetesClient client, String namespace, int n, long seed, List<String> denials,
                             Runnable midway) throws Exception {
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SparkApplication app = app(namespace, "app-" + Long.toString(random.nextLong() & 0xffffff, 36) + "-" + i);
            Callable<Boolean> call = () -> {
                start.await();
                try {
                    client.resources(SparkApplication.class).inNamespace(namespace).resource(app).create();
                    return true;
                } catch (KubernetesClientException e) {
                    denials.add(e.getStatus() == null ? String.valueOf(e.getMessage()) : e.getStatus().getMessage());
                    return false;
                }
            };
            results.add(pool.submit(call));
        }
        start.countDown();
        if (midway != null) {
            midway.run();
        }
        int admitted = 0;
        for (Future<Boolean> f : results) {
            admitted += f.get() ? 1 : 0;
        }
        pool.shutdown();
        return admitted;
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 17})
    void aReplicaKilledDuringTheBurstNeverLetsMoreThanTheQuotaIn(long seed) throws Exception {
        String tenant = "tenant-kill-" + seed;
        KubernetesClient client = tenant(tenant);
        List<String> denials = Collections.synchronizedList(new ArrayList<>());
        WebhookStarter.Running victim = extra.get(1);
        int admitted;
        try {
            admitted = burst(client, tenant, 50, seed, denials, () -> {
                E2e.sleep(10 + seed * 2);
                cluster.killReplica(victim);
            });
        } finally {
            cluster.dropEndpoint(victim);
            extra.set(1, cluster.addReplicas(1).get(0)); // back to three replicas for the other tests
        }
        assertThat(admitted).isLessThanOrEqualTo(10);
        assertThat(client.resources(SparkApplication.class).inNamespace(tenant).list().getItems())
                .hasSize(admitted);
        assertThat(denials).hasSize(50 - admitted);
        // what the dead replica reserved for creates that then failed comes back within the expiry, exactly
        E2e.sleep(TTL.toMillis() + 500);
        assertThat(burst(client, tenant, 20, seed + 1, new ArrayList<>(), null)).isEqualTo(10 - admitted);
        assertThat(client.resources(SparkApplication.class).inNamespace(tenant).list().getItems()).hasSize(10);
    }

    @Test
    void reservationObjectsEditedOrDeletedByHandAreRecomputedFromTheCluster() throws Exception {
        String tenant = "tenant-edit";
        KubernetesClient client = tenant(tenant);
        assertThat(burst(client, tenant, 4, 41, new ArrayList<>(), null)).isEqualTo(4);
        var reservations = client.configMaps().inNamespace(ChartWebhooks.NAMESPACE)
                .withName("sparkgate-quota-" + tenant);
        // an entry no write could have made (negative, far-future, garbage) is never counted
        reservations.edit(cm -> {
            cm.getData().put("app." + tenant + ".forever", "cpu=30000,mem=0,executors=0,app=forever,expires="
                    + Long.MAX_VALUE);
            cm.getData().put("app." + tenant + ".negative", "cpu=-30000,mem=0,executors=0,app=-,expires="
                    + (System.currentTimeMillis() + 30_000));
            cm.getData().put("garbage", "x");
            return cm;
        });
        assertThat(burst(client, tenant, 3, 42, new ArrayList<>(), null)).isEqualTo(3);
        // deleted by hand: the seven stored apps still count, from the caches
        reservations.delete();
        assertThat(burst(client, tenant, 10, 43, new ArrayList<>(), null)).isEqualTo(3);
        assertThat(client.resources(SparkApplication.class).inNamespace(tenant).list().getItems()).hasSize(10);
        // once expired, the periodic clean-up drops every entry, the hand-written ones too, by itself
        E2e.await(() -> {
            var cm = reservations.get();
            return cm == null || cm.getData() == null || cm.getData().isEmpty() ? Optional.of(true)
                    : Optional.empty();
        }, TTL.multipliedBy(3), "reservations of " + tenant + " pruned");
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 29})
    void executorPodsBeyondTheirAppsDemandAreHeldToTheQuotaAcrossReplicas(long seed) throws Exception {
        String tenant = "tenant-pods-" + seed;
        KubernetesClient client = tenant(tenant);
        // nine apps of 3 cores: 27 of 30 declared; app-0's two declared executors plus 3 cores more fit
        for (int i = 0; i < 9; i++) {
            client.resources(SparkApplication.class).inNamespace(tenant).resource(app(tenant, "app-" + i)).create();
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        List<String> denials = Collections.synchronizedList(new ArrayList<>());
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(seed));
        for (int id : ids) {
            Pod pod = executor(tenant, "app-0", id);
            results.add(pool.submit(() -> {
                start.await();
                try {
                    client.pods().inNamespace(tenant).resource(pod).create();
                    return true;
                } catch (KubernetesClientException e) {
                    denials.add(e.getStatus() == null ? String.valueOf(e.getMessage()) : e.getStatus().getMessage());
                    return false;
                }
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Boolean> f : results) {
            admitted += f.get() ? 1 : 0;
        }
        pool.shutdown();
        // app-0 counts max(3 declared, its executors): 6 executors of 1 core take the tenant to 30
        assertThat(admitted).isEqualTo(6);
        assertThat(denials).hasSize(14).allSatisfy(m -> assertThat(m).contains("SparkPolicy " + tenant));
        assertThat(client.pods().inNamespace(tenant).list().getItems()).hasSize(6);
    }

    /** An executor pod of {@code app} requesting one core, as Spark's allocator creates it. */
    private static Pod executor(String namespace, String app, int id) {
        return new PodBuilder().withNewMetadata().withName(app + "-exec-" + id).withNamespace(namespace)
                .addToLabels(SparkLabels.SPARK_ROLE, "executor").addToLabels(SparkLabels.APP_NAME, app)
                .addToLabels(SparkLabels.SPARK_APP_SELECTOR, "spark-0123456789abcdef")
                .addToLabels(SparkLabels.SPARK_EXEC_ID, Integer.toString(id)).endMetadata()
                .withNewSpec().addNewContainer().withName("spark-kubernetes-executor")
                .withImage("docker.io/library/spark:4.1.1").withNewResources()
                .addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("1408Mi"))
                .endResources().endContainer().endSpec().build();
    }
}
