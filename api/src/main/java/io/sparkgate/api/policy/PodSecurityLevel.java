package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A Kubernetes Pod Security Standards level (as of Kubernetes v1.34); each level allows less than the one before.
 */
public enum PodSecurityLevel {
    /** No restriction. */
    PRIVILEGED("privileged"),
    /** Prevents known privilege escalations; a default pod passes. */
    BASELINE("baseline"),
    /** Baseline plus current pod hardening: non-root, seccomp, no capabilities but NET_BIND_SERVICE. */
    RESTRICTED("restricted");

    private final String value;

    PodSecurityLevel(String value) {
        this.value = value;
    }

    /** The level as written in the policy (and in Kubernetes' {@code pod-security.kubernetes.io} labels). */
    @JsonValue
    public String value() {
        return value;
    }

    /** Whether this level includes every control of {@code other}. */
    public boolean atLeast(PodSecurityLevel other) {
        return compareTo(other) >= 0;
    }

    /** The level a policy value names; anything else is an error naming the allowed values. */
    @JsonCreator
    public static PodSecurityLevel of(String value) {
        for (PodSecurityLevel l : values()) {
            if (l.value.equals(value)) {
                return l;
            }
        }
        throw new IllegalArgumentException("podSecurity.level: \"" + value
                + "\" is not one of privileged, baseline, restricted");
    }
}
