package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a SparkPolicy does when an object breaks its quota or rules. */
public enum EnforcementAction {
    /** Refuse the object. */
    DENY("deny"),
    /** Admit it with a warning to the client. */
    WARN("warn"),
    /** Admit it silently; the would-be decision is recorded as a metric and a log line only. */
    DRYRUN("dryrun");

    private final String value;

    EnforcementAction(String value) {
        this.value = value;
    }

    /** The value as written in the policy. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The action a policy value names; anything else is an error naming the allowed values. */
    @JsonCreator
    public static EnforcementAction of(String value) {
        for (EnforcementAction a : values()) {
            if (a.value.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("enforcementAction: \"" + value + "\" is not one of deny, warn, dryrun");
    }
}
