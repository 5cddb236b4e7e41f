package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.Optional;

/** Which pods are Spark's and which SparkApplication they belong to, read from the admitted pod's labels. */
public final class SparkPods {
    private SparkPods() {
    }

    /** The pod's Spark role from its {@code spark-role} label; empty when the pod is not a driver or executor. */
    public static Optional<SparkRole> role(JsonNode pod) {
        return label(pod, SparkLabels.SPARK_ROLE).flatMap(SparkRole::fromLabel);
    }

    /**
     * The SparkApplication's name from the {@code sparkoperator.k8s.io/app-name} label; empty for pods of plain
     * spark-submit. The app lives in the AdmissionRequest's namespace, not {@code metadata.namespace}, which can
     * be empty at admission (kubeflow/spark-operator PR #3057).
     */
    public static Optional<String> appName(JsonNode pod) {
        return label(pod, SparkLabels.APP_NAME).filter(s -> !s.isEmpty());
    }

    private static Optional<String> label(JsonNode pod, String key) {
        JsonNode value = pod == null ? null : pod.path("metadata").path("labels").get(key);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }
}
