package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** kubeflow's application states; {@code NEW} is written as the empty string. */
public enum ApplicationStateType {
    NEW(""), SUBMITTED("SUBMITTED"), RUNNING("RUNNING"), COMPLETED("COMPLETED"), FAILED("FAILED"),
    SUBMISSION_FAILED("SUBMISSION_FAILED"), PENDING_RERUN("PENDING_RERUN"), INVALIDATING("INVALIDATING"),
    SUCCEEDING("SUCCEEDING"), FAILING("FAILING"), UNKNOWN("UNKNOWN"), SUSPENDING("SUSPENDING"),
    SUSPENDED("SUSPENDED"), RESUMING("RESUMING");

    private final String value;

    ApplicationStateType(String value) {
        this.value = value;
    }

    /** The value as written in the status. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The state a status value names; null and unknown values read as {@code NEW}, to be recomputed. */
    @JsonCreator
    public static ApplicationStateType of(String value) {
        if (value == null) {
            return NEW;
        }
        for (ApplicationStateType t : values()) {
            if (t.value.equals(value)) {
                return t;
            }
        }
        return NEW;
    }

    /** Whether the application has finished for good in this state (until a rerun). */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
