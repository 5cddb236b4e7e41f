package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a SparkPolicy does with a field of an app that the SparkApplication schema does not declare (a typo). */
public enum UnknownFieldAction {
    /** Admit it with a warning naming the field (the default, as the API server's {@code fieldValidation=Warn}). */
    WARN("warn"),
    /** Refuse the app, naming the field (as {@code fieldValidation=Strict}). */
    DENY("deny");

    private final String value;

    UnknownFieldAction(String value) {
        this.value = value;
    }

    /** The value as written in the policy. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The action a policy value names; anything else is an error naming the allowed values. */
    @JsonCreator
    public static UnknownFieldAction of(String value) {
        for (UnknownFieldAction a : values()) {
            if (a.value.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknownFields: \"" + value + "\" is not one of warn, deny");
    }
}
