package io.sparkgate.launcher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sparkgate.api.v1beta2.MonitoringSpec;
import io.sparkgate.api.v1beta2.PrometheusSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What kubeflow's controller does for {@code spec.monitoring.prometheus} before it submits: the JMX exporter as a
 * Java agent ({@code -javaagent:<jmxExporterJar>=<port>:<config>}) appended to the Java options of each role whose
 * metrics are exposed, with Prometheus' scrape annotations; {@code spark.metrics.conf} and
 * {@code spark.metrics.namespace}; and the ConfigMap {@code <app>-prom-conf} with {@code metrics.properties} and
 * {@code prometheus.yaml} for whichever of the two is not a file inside the image. The webhook mounts that ConfigMap
 * at {@value #MOUNT_PATH} and opens the exporter port.
 */
final class PrometheusConf {
    /** Where the webhook mounts the metrics ConfigMap (kubeflow's path). */
    static final String MOUNT_PATH = "/etc/metrics/conf";
    static final String METRICS_PROPERTIES_KEY = "metrics.properties";
    static final String PROMETHEUS_CONFIG_KEY = "prometheus.yaml";
    /** Spark's JMX sink for every instance and the JVM source on driver and executors, read by the exporter. */
    static final String DEFAULT_METRICS_PROPERTIES = """
            *.sink.jmx.class=org.apache.spark.metrics.sink.JmxSink
            driver.source.jvm.class=org.apache.spark.metrics.source.JvmSource
            executor.source.jvm.class=org.apache.spark.metrics.source.JvmSource
            """;
    /** An exporter configuration that exports every MBean attribute, names lower-cased. */
    static final String DEFAULT_PROMETHEUS_CONFIG = """
            lowercaseOutputName: true
            attrNameSnakeCase: true
            rules:
              - pattern: ".*"
            """;

    private PrometheusConf() {
    }

    /**
     * Adds the monitoring settings to the submission's conf.
     *
     * @throws IllegalArgumentException naming {@code spec.monitoring.prometheus.jmxExporterJar} when it is missing
     */
    static void apply(SparkApplication app, Map<String, String> conf) {
        MonitoringSpec monitoring = app.getSpec().monitoring();
        if (monitoring == null || monitoring.prometheus() == null) {
            return;
        }
        PrometheusSpec prometheus = monitoring.prometheus();
        if (prometheus.jmxExporterJar() == null || prometheus.jmxExporterJar().isBlank()) {
            throw new IllegalArgumentException("spec.monitoring.prometheus.jmxExporterJar: required: the path of the "
                    + "JMX exporter Java agent jar inside the image");
        }
        int port = prometheus.port() == null ? PrometheusSpec.DEFAULT_PORT : prometheus.port();
        String config = prometheus.configFile() != null ? prometheus.configFile()
                : MOUNT_PATH + "/" + PROMETHEUS_CONFIG_KEY;
        String agent = "-javaagent:" + prometheus.jmxExporterJar() + "=" + port + ":" + config;
        // kubeflow: a work-around for pushgateway issue 97 (no '/' in the metrics namespace).
        conf.put("spark.metrics.namespace", app.getMetadata().getNamespace() + "." + app.getMetadata().getName());
        conf.put("spark.metrics.conf", monitoring.metricsPropertiesFile() != null ? monitoring.metricsPropertiesFile()
                : MOUNT_PATH + "/" + METRICS_PROPERTIES_KEY);
        for (SparkRole role : SparkRole.values()) {
            boolean exposed = role == SparkRole.DRIVER ? monitoring.exposeDriverMetrics()
                    : monitoring.exposeExecutorMetrics();
            if (!exposed) {
                continue;
            }
            String annotation = "spark.kubernetes." + role.label() + ".annotation.";
            conf.put(annotation + "prometheus.io/scrape", "true");
            conf.put(annotation + "prometheus.io/port", Integer.toString(port));
            conf.put(annotation + "prometheus.io/path", "/metrics");
            String key = "spark." + role.label() + ".extraJavaOptions";
            String options = conf.get(key);
            conf.put(key, options == null || options.isBlank() ? agent : options + " " + agent);
        }
    }

    /** The ConfigMap {@code <app>-prom-conf} in {@code namespace}, or null when both files are in the image. */
    static ConfigMap configMap(SparkApplication app, String namespace, Map<String, String> labels) {
        MonitoringSpec monitoring = app.getSpec().monitoring();
        if (monitoring == null || monitoring.prometheus() == null) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (monitoring.metricsPropertiesFile() == null) {
            data.put(METRICS_PROPERTIES_KEY, monitoring.metricsProperties() != null ? monitoring.metricsProperties()
                    : DEFAULT_METRICS_PROPERTIES);
        }
        if (monitoring.prometheus().configFile() == null) {
            data.put(PROMETHEUS_CONFIG_KEY, monitoring.prometheus().configuration() != null
                    ? monitoring.prometheus().configuration() : DEFAULT_PROMETHEUS_CONFIG);
        }
        if (data.isEmpty()) {
            return null;
        }
        return new ConfigMapBuilder().withNewMetadata().withName(app.getMetadata().getName() + "-prom-conf")
                .withNamespace(namespace).withLabels(new LinkedHashMap<>(labels)).endMetadata()
                .withData(data).build();
    }
}
