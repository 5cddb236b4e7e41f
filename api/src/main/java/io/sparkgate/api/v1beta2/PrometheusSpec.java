package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The Prometheus JMX exporter run as a Java agent in the Spark container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrometheusSpec(String jmxExporterJar, Integer port, String portName, String configFile,
                             String configuration) {
    /** The exporter port kubeflow uses when none is set. */
    public static final int DEFAULT_PORT = 8090;
    /** The exporter port name kubeflow uses when none is set. */
    public static final String DEFAULT_PORT_NAME = "jmx-exporter";

    /**
     * Why this spec, found at {@code field}, cannot run, or empty. kubeflow's controller refuses a Prometheus spec
     * without {@code jmxExporterJar} (the agent must be a file in the image), so the validating webhook and the
     * launcher both refuse it with this message.
     */
    public java.util.Optional<String> problem(String field) {
        if (jmxExporterJar == null || jmxExporterJar.isBlank()) {
            return java.util.Optional.of(field + ".jmxExporterJar: required when " + field + " is set: the path of "
                    + "the JMX exporter Java agent jar inside the image, e.g. /prometheus/jmx_prometheus_javaagent.jar");
        }
        return java.util.Optional.empty();
    }
}
