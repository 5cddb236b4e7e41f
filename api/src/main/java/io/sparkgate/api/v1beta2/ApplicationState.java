package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The application's state and, on failure, why. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationState(ApplicationStateType state, String errorMessage) {
    /** A missing state reads as {@code NEW}. */
    public ApplicationState {
        state = state == null ? ApplicationStateType.NEW : state;
    }

    /** The state with no error message. */
    public static ApplicationState of(ApplicationStateType state) {
        return new ApplicationState(state, null);
    }
}
