package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the pods of an app's current run in the pod informer's cache: by the submission-id label launcher-core
 * puts on the driver and (through {@code spark.kubernetes.executor.label.*}) the executors, or else by Spark's
 * {@code spark-app-selector}. Never a live API call.
 */
public final class PodIndex {
    /** The informer index name. */
    public static final String RUN = "sparkgate-run";

    private final Indexer<Pod> indexer;

    /** Reads from the pod informer's indexer, which must carry {@link #indexFunction()} under {@link #RUN}. */
    public PodIndex(Indexer<Pod> indexer) {
        this.indexer = indexer;
    }

    /** The index function: {@code sub/<ns>/<submission id>} and {@code app/<ns>/<spark app id>}. */
    public static java.util.function.Function<Pod, List<String>> indexFunction() {
        return pod -> {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (labels == null) {
                return List.of();
            }
            String ns = pod.getMetadata().getNamespace();
            List<String> keys = new ArrayList<>(2);
            String sub = labels.get(SparkLabels.SUBMISSION_ID);
            if (sub != null) {
                keys.add("sub/" + ns + "/" + sub);
            }
            String appId = labels.get(SparkLabels.SPARK_APP_SELECTOR);
            if (appId != null) {
                keys.add("app/" + ns + "/" + appId);
            }
            return keys;
        };
    }

    /** The driver and executors of the app's recorded submission. */
    public RunPods runOf(SparkApplication app) {
        SparkApplicationStatus status = app.getStatus();
        if (status == null || status.getSubmissionID() == null) {
            return RunPods.none();
        }
        String ns = app.getMetadata().getNamespace();
        List<Pod> pods = indexer.byIndex(RUN, "sub/" + ns + "/" + status.getSubmissionID());
        if (pods.isEmpty() && status.getSparkApplicationId() != null) {
            pods = indexer.byIndex(RUN, "app/" + ns + "/" + status.getSparkApplicationId());
        }
        Pod driver = null;
        List<Pod> executors = new ArrayList<>();
        for (Pod pod : pods) {
            String role = pod.getMetadata().getLabels().get(SparkLabels.SPARK_ROLE);
            if ("driver".equals(role)) {
                driver = pod;
            } else if ("executor".equals(role)) {
                executors.add(pod);
            }
        }
        return new RunPods(driver, List.copyOf(executors));
    }
}
