package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Whether runs of a ScheduledSparkApplication may overlap. */
public enum ConcurrencyPolicy {
    Allow, Forbid, Replace;

    /** Reads a policy; the empty string means {@code Allow}, as in kubeflow. */
    @JsonCreator
    public static ConcurrencyPolicy of(String value) {
        if (value == null || value.isEmpty()) {
            return Allow;
        }
        return valueOf(value);
    }
}
