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
}
