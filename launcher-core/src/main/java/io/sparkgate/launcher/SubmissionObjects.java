package io.sparkgate.launcher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The three objects Spark's cluster-mode submission creates for one run, in the order it creates them: the
 * driver pod, then the headless driver Service and the ConfigMap carrying {@code spark.properties} (both owned
 * by the driver pod once it exists). All three carry the namespace they go to.
 *
 * @param driverPod       the driver pod, without ownerReferences (the webhook adds the SparkApplication's)
 * @param service         the headless driver Service, without ownerReferences until the pod's uid is known
 * @param configMap       the immutable ConfigMap with {@code spark.properties}
 * @param templateConfigMap the ConfigMap carrying the executor pod template when the app has one, else null
 * @param sparkProperties the properties written into the ConfigMap, for logging and tests
 * @param appId           Spark's application id ({@code spark-app-selector})
 * @param submissionId    the submission this run belongs to
 * @param metricsConfigMap kubeflow's {@code <app>-prom-conf} with {@code metrics.properties} and
 *                        {@code prometheus.yaml} when the app's Prometheus monitoring needs it, else null
 */
public record SubmissionObjects(Pod driverPod, Service service, ConfigMap configMap, ConfigMap templateConfigMap,
                                Map<String, String> sparkProperties, String appId, String submissionId,
                                ConfigMap metricsConfigMap) {
    /** Checks that all parts are present and freezes the properties. */
    public SubmissionObjects {
        Objects.requireNonNull(driverPod, "driverPod");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(configMap, "configMap");
        sparkProperties = Map.copyOf(sparkProperties);
        Objects.requireNonNull(appId, "appId");
    }

    /** The namespace all three objects go to. */
    public String namespace() {
        return driverPod.getMetadata().getNamespace();
    }

    /** The driver pod's name. */
    public String driverPodName() {
        return driverPod.getMetadata().getName();
    }

    /** The driver Service's name. */
    public String serviceName() {
        return service.getMetadata().getName();
    }

    /** The ConfigMap's name. */
    public String configMapName() {
        return configMap.getMetadata().getName();
    }

    /** The objects created after the driver pod and owned by it, in Spark's order. */
    public List<HasMetadata> ownedResources() {
        List<HasMetadata> owned = new ArrayList<>(List.of(service, configMap));
        if (templateConfigMap != null) {
            owned.add(templateConfigMap);
        }
        if (metricsConfigMap != null) {
            owned.add(metricsConfigMap);
        }
        return List.copyOf(owned);
    }

    /** The same objects with the metrics ConfigMap kubeflow's controller would create for the app. */
    public SubmissionObjects withMetricsConfigMap(ConfigMap metrics) {
        return new SubmissionObjects(driverPod, service, configMap, templateConfigMap, sparkProperties, appId,
                submissionId, metrics);
    }
}
