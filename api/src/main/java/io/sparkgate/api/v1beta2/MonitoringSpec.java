package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether and how driver and executor metrics are exposed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitoringSpec(boolean exposeDriverMetrics, boolean exposeExecutorMetrics, String metricsProperties,
                             String metricsPropertiesFile, PrometheusSpec prometheus) {
}
