package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.dev.LocalOperator;
import io.sparkgate.cli.server.DevCommand;
import io.sparkgate.kubelet.KubeletOptions;
import io.sparkgate.kubelet.LocalKubelet;
import io.sparkgate.kubelet.SparkImage;
import io.sparkgate.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, dynamic allocation on sparkgate: with {@code spec.dynamicAllocation}, Spark's driver adds executors
 * for a backlog and removes idle ones; each executor pod it creates goes through the webhook (mutated) and is run
 * by the kubelet, and the ones it removes are deleted (their JVMs killed) while the driver still runs.
 */
class DynamicAllocationIT {
    private static final String NS = "default";

    @TempDir
    Path work;

    @Test
    void executorsComeAndGoEachCreatedBySparkAndMutated() throws Exception {
        Path runtime = SparkImage.findRuntime().orElseThrow(() -> new AssertionError(
                "no spark-runtime build: run with -pl spark-runtime,cli -am"));
        SparkImage image = SparkImage.load(runtime).withFile("/opt/app/probe.jar",
                runtime.resolve("spark-examples-tests.jar"));
        Map<String, Pod> added = new ConcurrentHashMap<>();
        Map<String, Long> deletedAt = new ConcurrentHashMap<>();
        try (LocalCluster cluster = E2e.start(work, ChartWebhooks.chartDefaults(), null, 16);
             Operator operator = LocalOperator.start(cluster);
             LocalKubelet kubelet = LocalKubelet.start(cluster.api().newClient(c -> c),
                     KubeletOptions.of(work.resolve("kubelet"), image, cluster.api().url()))) {
            cluster.api().podLogs(kubelet);
            KubernetesClient client = cluster.client();
            try (Watch watch = client.pods().inNamespace(NS).withLabel(SparkLabels.SPARK_ROLE, "executor")
                    .watch(new Recorder(added, deletedAt))) {
                client.resources(SparkApplication.class).inNamespace(NS).resource(app()).create();
                E2e.await(() -> Optional.ofNullable(client.pods().inNamespace(NS).withName("waves-driver").get())
                        .filter(p -> "Succeeded".equals(p.getStatus().getPhase())
                                || "Failed".equals(p.getStatus().getPhase())), Duration.ofSeconds(150),
                        "the driver to end");
                long driverEnded = System.nanoTime();
                String log = client.pods().inNamespace(NS).withName("waves-driver").getLog();
                ApplicationStateType end = E2e.await(() -> Optional.ofNullable(client.resources(
                        SparkApplication.class).inNamespace(NS).withName("waves").get())
                        .map(SparkApplication::getStatus).map(s -> s.getApplicationState()).map(s -> s.state())
                        .filter(s -> s == ApplicationStateType.COMPLETED || s == ApplicationStateType.FAILED),
                        Duration.ofSeconds(30), "the app to end");
                assertThat(end).as(log).isEqualTo(ApplicationStateType.COMPLETED);
                assertThat(log).contains("wave 1 ran 40 tasks").contains("wave 2 ran 40 tasks");
                assertThat(added).as("executors added for the backlogs, again after idle ones went")
                        .hasSizeGreaterThanOrEqualTo(3);
                assertThat(deletedAt.values()).as("idle executors removed by the driver while it ran; log:\n" + log)
                        .anyMatch(t -> t < driverEnded);
                assertThat(log).contains("ExecutorAllocationManager: Requesting");
                for (Pod executor : added.values()) {
                    // The webhook's work on each executor pod Spark created: labels from spec.executor.labels.
                    assertThat(executor.getMetadata().getLabels()).containsEntry("version", "4.1.1");
                }
            }
        }
    }

    private static SparkApplication app() throws Exception {
        ObjectNode app = Json.read(DevCommand.resource("spark-pi.yaml"), ObjectNode.class);
        ((ObjectNode) app.path("metadata")).put("name", "waves");
        ObjectNode spec = (ObjectNode) app.path("spec");
        spec.put("mainClass", "io.sparkgate.sparkjobs.Waves").put("mainApplicationFile", "local:///opt/app/probe.jar");
        spec.putArray("arguments").add("2").add("40").add("250").add("12000");
        spec.putObject("dynamicAllocation").put("enabled", true).put("initialExecutors", 1).put("minExecutors", 0)
                .put("maxExecutors", 3);
        spec.putObject("sparkConf").put("spark.dynamicAllocation.executorIdleTimeout", "3s")
                .put("spark.dynamicAllocation.schedulerBacklogTimeout", "1s");
        return Json.mapper().treeToValue(app, SparkApplication.class);
    }

    /** Every executor pod added (as stored, after admission) and when each was deleted. */
    private record Recorder(Map<String, Pod> added, Map<String, Long> deletedAt) implements Watcher<Pod> {
        @Override
        public void eventReceived(Action action, Pod pod) {
            if (action == Action.ADDED) {
                added.put(pod.getMetadata().getName(), pod);
            } else if (action == Action.DELETED) {
                deletedAt.put(pod.getMetadata().getName(), System.nanoTime());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // The test ends with the cluster.
        }
    }
}
