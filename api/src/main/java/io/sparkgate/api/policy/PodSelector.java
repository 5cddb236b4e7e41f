package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sparkgate.api.v1beta2.SparkRole;

/** Which Spark pods a block of pod defaults applies to. */
public enum PodSelector {
    DRIVER("driver"), EXECUTOR("executor"), ALL("all");

    private final String value;

    PodSelector(String value) {
        this.value = value;
    }

    /** The value as written in the policy. */
    @JsonValue
    public String value() {
        return value;
    }

    /** Whether pods of the role are selected. */
    public boolean selects(SparkRole role) {
        return this == ALL || (this == DRIVER) == (role == SparkRole.DRIVER);
    }

    /** The selector a policy value names; anything else is an error naming the allowed values. */
    @JsonCreator
    public static PodSelector of(String value) {
        for (PodSelector s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("applyTo: \"" + value + "\" is not one of driver, executor, all");
    }
}
