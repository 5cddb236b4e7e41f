package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** When and how often a SparkApplication is run from a template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledSparkApplicationSpec(String schedule, String timeZone, SparkApplicationSpec template,
                                            Boolean suspend, ConcurrencyPolicy concurrencyPolicy,
                                            Integer successfulRunHistoryLimit, Integer failedRunHistoryLimit) {

    /** The concurrency policy; {@code Allow} when unset, as in kubeflow. */
    public ConcurrencyPolicy concurrencyPolicyOrDefault() {
        return concurrencyPolicy == null ? ConcurrencyPolicy.Allow : concurrencyPolicy;
    }

    /** How many successful runs to keep; 1 when unset. */
    public int successfulRunHistoryLimitOrDefault() {
        return successfulRunHistoryLimit == null ? 1 : successfulRunHistoryLimit;
    }

    /** How many failed runs to keep; 1 when unset. */
    public int failedRunHistoryLimitOrDefault() {
        return failedRunHistoryLimit == null ? 1 : failedRunHistoryLimit;
    }
}
