package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** kubeflow's schedule states; {@code NEW} is written as the empty string. */
public enum ScheduleState {
    NEW(""), VALIDATING("Validating"), SCHEDULED("Scheduled"), FAILED_VALIDATION("FailedValidation");

    private final String value;

    ScheduleState(String value) {
        this.value = value;
    }

    /** The value as written in the status. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The state a status value names; unknown values read as {@code NEW}. */
    @JsonCreator
    public static ScheduleState of(String value) {
        for (ScheduleState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return NEW;
    }
}
