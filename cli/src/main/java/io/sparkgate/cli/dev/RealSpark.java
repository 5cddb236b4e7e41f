package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.kubelet.KubeletOptions;
import io.sparkgate.kubelet.LocalKubelet;
import io.sparkgate.kubelet.SparkImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;

/**
 * {@code sparkgate dev}'s real run (issue 14): the local kubelet starts the driver pod the operator created as Spark's
 * own driver JVM, which asks the API server for executor pods (mutated by the webhook) that the kubelet starts as
 * real executors. Prints each pod as admission left it, each state, and the driver's result line from its log.
 */
final class RealSpark {
    private static final Pattern SPARK_LOG_LINE = Pattern.compile(
            "\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (TRACE|DEBUG|INFO|WARN) |Using Spark's default log4j");
    private final DevRun run;
    private final LocalCluster cluster;
    private final SparkImage image;
    private final Path workDir;

    RealSpark(DevRun run, LocalCluster cluster, SparkImage image, Path workDir) {
        this.run = run;
        this.cluster = cluster;
        this.image = image;
        this.workDir = workDir;
    }

    /**
     * Starts the kubelet, follows the app to COMPLETED and prints the driver's lines containing {@code result}, or
     * the end of its log when {@code result} is null.
     *
     * @throws DevRun.DevFailure when the app fails or does not complete by {@code deadline} (System.nanoTime)
     */
    void follow(AdmissionLog admissions, String app, BlockingQueue<ApplicationState> states, long deadline,
                String result) {
        KubernetesClient client = cluster.client();
        KubeletOptions options = KubeletOptions.of(workDir.resolve("kubelet"), image, cluster.api().url());
        try (LocalKubelet kubelet = LocalKubelet.start(cluster.api().newClient(c -> c), options)) {
            cluster.api().podLogs(kubelet);
            run.say("local kubelet started: pods run as local Spark 4.1.1 JVMs (pod files under "
                    + options.rootDir() + ")");
            Set<String> shown = new HashSet<>();
            ApplicationStateType last = ApplicationStateType.NEW;
            while (System.nanoTime() < deadline) {
                showNewPods(client, admissions, app, shown);
                ApplicationState state = DevRun.poll(states);
                if (state == null || state.state() == last) {
                    continue;
                }
                run.say(app + ": " + last + " -> " + state.state() + (state.errorMessage() == null
                        || state.errorMessage().isBlank() ? "" : " (" + state.errorMessage() + ")"));
                last = state.state();
                if (last == ApplicationStateType.COMPLETED) {
                    // The app's own output: Spark's INFO/WARN lines (log4j's default layout) left out.
                    List<String> lines = driverLog(client, app).lines()
                            .filter(l -> result == null ? !SPARK_LOG_LINE.matcher(l).lookingAt() : l.contains(result))
                            .toList();
                    lines.subList(Math.max(0, lines.size() - 20), lines.size())
                            .forEach(l -> run.say("driver log: " + l));
                    run.say("done: " + app + " COMPLETED in " + run.elapsed());
                    return;
                }
                if (DevRun.FAILED.contains(last)) {
                    List<String> lines = driverLog(client, app).lines().toList();
                    lines.subList(Math.max(0, lines.size() - 15), lines.size())
                            .forEach(l -> run.say("driver log: " + l));
                    throw new DevRun.DevFailure(app + " ended " + last + ": " + state.errorMessage());
                }
            }
            throw new DevRun.DevFailure(app + " did not complete in time (last state " + last + ")");
        } finally {
            cluster.api().podLogs(null);
        }
    }

    private void showNewPods(KubernetesClient client, AdmissionLog admissions, String app, Set<String> shown) {
        for (Pod pod : client.pods().inNamespace(DevRun.NAMESPACE).withLabel(SparkLabels.APP_NAME, app).list()
                .getItems()) {
            String role = pod.getMetadata().getLabels().get(SparkLabels.SPARK_ROLE);
            if (shown.add(pod.getMetadata().getUid())) {
                run.showPod("driver".equals(role) ? "driver pod created by the operator"
                        : "executor pod created by Spark's ExecutorPodsAllocator", pod, admissions);
            }
        }
    }

    /** The driver's log through the API server's pods/log, as {@code sparkgate log} reads it. */
    private static String driverLog(KubernetesClient client, String app) {
        Optional<Pod> driver = client.pods().inNamespace(DevRun.NAMESPACE).withLabel(SparkLabels.APP_NAME, app)
                .withLabel(SparkLabels.SPARK_ROLE, "driver").list().getItems().stream().findFirst();
        try {
            return driver.map(d -> client.pods().inNamespace(DevRun.NAMESPACE).withName(d.getMetadata().getName())
                    .getLog()).orElse("");
        } catch (KubernetesClientException e) {
            return "(no driver log: " + e.getMessage() + ")";
        }
    }
}
