package io.sparkgate.policy;

import java.util.List;

/**
 * The answer of a validator: allowed (possibly with warnings) or denied with an HTTP-style code and a message a
 * person understands. Expected denials are values, never exceptions.
 */
public sealed interface AdmissionDecision {

    /** Warnings to return to the client, in order. */
    List<String> warnings();

    /** Allowed, with the given warnings. */
    static AdmissionDecision allow(List<String> warnings) {
        return new Allowed(List.copyOf(warnings));
    }

    /** Allowed with no warnings. */
    static AdmissionDecision allow() {
        return new Allowed(List.of());
    }

    /** Denied by policy (403). */
    static AdmissionDecision deny(String message) {
        return new Denied(403, "Forbidden", message, List.of());
    }

    /** Denied because the object itself is malformed (422, as the API server answers invalid objects). */
    static AdmissionDecision invalid(String message) {
        return new Denied(422, "Invalid", message, List.of());
    }

    /** Whether the object is admitted. */
    default boolean allowed() {
        return this instanceof Allowed;
    }

    /** Admitted. */
    record Allowed(List<String> warnings) implements AdmissionDecision {
    }

    /**
     * Refused.
     *
     * @param code    the HTTP status code put in {@code response.status.code}
     * @param reason  the machine-readable reason ({@code Forbidden}, {@code Invalid})
     * @param message why, naming the field, the numbers and the policy where there are any
     */
    record Denied(int code, String reason, String message, List<String> warnings) implements AdmissionDecision {
    }
}
