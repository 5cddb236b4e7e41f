package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a pod default meets what the pod already has. */
public enum DefaultMode {
    /** Set only where the pod leaves the field (or map key, or list entry) unset. */
    DEFAULT("default"),
    /** Always win; a warning names what was overridden. */
    ENFORCE("enforce");

    private final String value;

    DefaultMode(String value) {
        this.value = value;
    }

    /** The value as written in the policy. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The mode a policy value names; anything else is an error naming the allowed values. */
    @JsonCreator
    public static DefaultMode of(String value) {
        for (DefaultMode m : values()) {
            if (m.value.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode: \"" + value + "\" is not one of default, enforce");
    }
}
