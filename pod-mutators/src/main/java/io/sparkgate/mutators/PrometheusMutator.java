package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.MonitoringSpec;
import io.sparkgate.api.v1beta2.Port;
import io.sparkgate.api.v1beta2.PrometheusSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.Optional;

/**
 * Prometheus JMX exporter plumbing for a role whose metrics are exposed: the ConfigMap {@code <app>-prom-conf}
 * (created by the launcher) as volume {@code <app>-prom-conf-vol} at {@code /etc/metrics/conf}, and the
 * exporter's port ({@code 8090}, {@code jmx-exporter}, unless configured). As in kubeflow, nothing is mounted
 * when both the metrics properties and the exporter configuration are files inside the image. The launcher adds
 * the Java agent to the exposed roles' Java options and creates the ConfigMap (launcher-core's PrometheusConf).
 */
public final class PrometheusMutator extends AppMutator {
    /** Where the exporter configuration is mounted. */
    public static final String METRICS_CONF_DIR = "/etc/metrics/conf";

    @Override
    public String name() {
        return "prometheus";
    }

    /** The name of the ConfigMap holding the app's exporter configuration (kubeflow's). */
    public static String configMapName(String appName) {
        return appName + "-prom-conf";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        MonitoringSpec monitoring = app.getSpec().monitoring();
        if (monitoring == null || monitoring.prometheus() == null) {
            return;
        }
        boolean exposed = context.role() == SparkRole.DRIVER ? monitoring.exposeDriverMetrics()
                : monitoring.exposeExecutorMetrics();
        PrometheusSpec prometheus = monitoring.prometheus();
        boolean inImage = monitoring.metricsPropertiesFile() != null && prometheus.configFile() != null;
        if (!exposed || inImage) {
            return;
        }
        Optional<Container> found = sparkContainer(context, pod, "spec.monitoring");
        if (found.isEmpty()) {
            return;
        }
        String configMap = configMapName(app.getMetadata().getName());
        ConfigMapsMutator.mount(context, pod, found.get(), configMap, DnsNames.volumeName(configMap, "-vol"),
                METRICS_CONF_DIR, "spec.monitoring.prometheus");
        Port port = new Port(prometheus.portName() == null ? PrometheusSpec.DEFAULT_PORT_NAME : prometheus.portName(),
                "TCP", prometheus.port() == null ? PrometheusSpec.DEFAULT_PORT : prometheus.port());
        SparkContainerMutator.toContainerPort(context, port, "spec.monitoring.prometheus.port")
                .ifPresent(p -> PodEdits.addPort(context, found.get(), p, "spec.monitoring.prometheus.port"));
    }
}
