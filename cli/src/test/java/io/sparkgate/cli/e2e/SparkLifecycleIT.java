package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.dev.LocalOperator;
import io.sparkgate.cli.server.DevCommand;
import io.sparkgate.kubelet.KubeletOptions;
import io.sparkgate.kubelet.LocalKubelet;
import io.sparkgate.kubelet.SparkImage;
import io.sparkgate.operator.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, how real Spark behaves on sparkgate: an executor killed mid-job is replaced by Spark's own allocator
 * (a new executor pod, mutated) and the job still succeeds; a driver that exits 1 makes the app FAILED after
 * {@code OnFailure} ran it again, while a second app runs beside it.
 */
class SparkLifecycleIT {
    private static final String NS = "default";

    @TempDir
    Path work;

    @Test
    void anExecutorKilledMidJobIsReplacedBySparkAndTheJobSucceeds() throws Exception {
        ObjectNode app = sparkPi();
        ((ObjectNode) app.path("spec")).putArray("arguments").add("3000");
        run(app, (client, kubelet) -> {
            List<Pod> running = E2e.await(() -> Optional.of(executors(client)).filter(l -> l.stream()
                    .filter(p -> "Running".equals(p.getStatus().getPhase())).count() >= 2),
                    Duration.ofSeconds(90), "two running executors");
            // Mid-job: once tasks finish on the executors.
            E2e.await(() -> Optional.of(client.pods().inNamespace(NS).withName("spark-pi-driver").getLog())
                    .filter(l -> l.contains("/3000)")), Duration.ofSeconds(90), "the job's first finished tasks");
            String victim = running.get(0).getMetadata().getName();
            ProcessHandle process = kubelet.process(NS, victim).orElseThrow(() -> new AssertionError(
                    "the job ended before an executor could be killed: raise the slices"));
            process.destroyForcibly();
            ApplicationStateType end = awaitEnd(client, "spark-pi", Duration.ofSeconds(150));
            String log = client.pods().inNamespace(NS).withName("spark-pi-driver").getLog();
            assertThat(end).as(log).isEqualTo(ApplicationStateType.COMPLETED);
            assertThat(log).contains("Pi is roughly 3.1").contains("ExecutorPodsLifecycleManager: 1 new failed executors")
                    .containsPattern("Lost executor \\d+ on 127.0.0.1");
            try (Stream<Path> dirs = Files.list(work.resolve("kubelet").resolve(NS))) {
                assertThat(dirs.map(d -> d.getFileName().toString()).filter(n -> n.contains("-exec-3-")).count())
                        .as("Spark created a third executor pod, which the kubelet ran").isEqualTo(1);
            }
        });
    }

    @Test
    void aDriverThatExitsOneMakesTheAppFailedAfterOnFailureRanItAgainWhileAnotherAppRuns() throws Exception {
        ObjectNode app = sparkPi();
        ((ObjectNode) app.path("metadata")).put("name", "exits-one");
        ObjectNode spec = (ObjectNode) app.path("spec");
        spec.put("mainClass", "io.sparkgate.sparkjobs.ExitWith").put("mainApplicationFile", "local:///opt/app/probe.jar");
        spec.putArray("arguments").add("1");
        ((ObjectNode) spec.path("executor")).put("instances", 1);
        spec.putObject("restartPolicy").put("type", "OnFailure").put("onFailureRetries", 1)
                .put("onFailureRetryInterval", 1);
        run(app, (client, kubelet) -> {
            // A second app at the same time: its driver and executors take other ports on the same machine.
            ObjectNode pi = sparkPi();
            ((ObjectNode) pi.path("spec")).putArray("arguments").add("200");
            client.resources(SparkApplication.class).inNamespace(NS)
                    .resource(Json.mapper().treeToValue(pi, SparkApplication.class)).create();
            ApplicationStateType end = awaitEnd(client, "exits-one", Duration.ofSeconds(150));
            assertThat(awaitEnd(client, "spark-pi", Duration.ofSeconds(150))).isEqualTo(ApplicationStateType.COMPLETED);
            assertThat(client.pods().inNamespace(NS).withName("spark-pi-driver").getLog()).contains("Pi is roughly 3.1");
            SparkApplicationStatus status = client.resources(SparkApplication.class).inNamespace(NS)
                    .withName("exits-one").get().getStatus();
            assertThat(end).isEqualTo(ApplicationStateType.FAILED);
            assertThat(status.getExecutionAttempts()).as("run, then run again by OnFailure").isEqualTo(2);
            Pod driver = client.pods().inNamespace(NS).withName("exits-one-driver").get();
            assertThat(driver.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
                    .isEqualTo(1);
            assertThat(client.pods().inNamespace(NS).withName("exits-one-driver").getLog())
                    .contains("counted 3, exiting 1");
            try (Stream<Path> dirs = Files.list(work.resolve("kubelet").resolve(NS))) {
                assertThat(dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("exits-one-driver-"))
                        .count()).as("two driver pods, each run by the kubelet").isEqualTo(2);
            }
        });
    }

    /** What a test checks while the app runs. */
    @FunctionalInterface
    private interface Check {
        void accept(KubernetesClient client, LocalKubelet kubelet) throws Exception;
    }

    private static ObjectNode sparkPi() {
        return Json.read(DevCommand.resource("spark-pi.yaml"), ObjectNode.class);
    }

    private void run(ObjectNode app, Check check) throws Exception {
        Path runtime = SparkImage.findRuntime().orElseThrow(() -> new AssertionError(
                "no spark-runtime build: run with -pl spark-runtime,cli -am"));
        SparkImage image = SparkImage.load(runtime).withFile("/opt/app/probe.jar",
                runtime.resolve("spark-examples-tests.jar"));
        try (LocalCluster cluster = E2e.start(work, ChartWebhooks.chartDefaults(), null, 16);
             Operator operator = LocalOperator.start(cluster);
             LocalKubelet kubelet = LocalKubelet.start(cluster.api().newClient(c -> c),
                     KubeletOptions.of(work.resolve("kubelet"), image, cluster.api().url()))) {
            cluster.api().podLogs(kubelet);
            cluster.client().resources(SparkApplication.class).inNamespace(NS)
                    .resource(Json.mapper().treeToValue(app, SparkApplication.class)).create();
            check.accept(cluster.client(), kubelet);
        }
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("org.apache.spark")).toList()).as("no Spark process outlives the kubelet").isEmpty();
    }

    private static List<Pod> executors(KubernetesClient client) {
        return client.pods().inNamespace(NS).withLabel(SparkLabels.SPARK_ROLE, "executor").list().getItems();
    }

    private static ApplicationStateType awaitEnd(KubernetesClient client, String name, Duration timeout) {
        return E2e.await(() -> Optional.ofNullable(client.resources(SparkApplication.class).inNamespace(NS)
                .withName(name).get()).map(SparkApplication::getStatus).map(s -> s.getApplicationState())
                .map(s -> s.state()).filter(s -> s == ApplicationStateType.COMPLETED
                        || s == ApplicationStateType.FAILED), timeout, name + " to end");
    }
}
