package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The executors' part of a SparkApplication. */
public final class ExecutorSpec extends SparkPodSpec {
    @JsonProperty private Integer instances;
    @JsonProperty private Boolean deleteOnTermination;

    /** {@code spark.executor.instances}, or null. */
    public Integer instances() {
        return instances;
    }

    /** {@code spark.kubernetes.executor.deleteOnTermination}, or null. */
    public Boolean deleteOnTermination() {
        return deleteOnTermination;
    }
}
