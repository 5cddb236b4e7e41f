package io.sparkgate.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer of a validator: allowed (possibly with warnings) or denied with an HTTP-style code and a message a
 * person understands. Expected denials are values, never exceptions.
 *
 * <p>Both outcomes carry the {@link PolicyViolation}s found, whatever their enforcement action: the caller (the
 * webhook) records each one as the metric {@code sparkgate.policy.violations} with the bounded tags
 * {@code policy}, {@code rule} and {@code action}, and logs {@code dryrun} ones, which are otherwise silent.
 */
public sealed interface AdmissionDecision {

    /** Warnings to return to the client, in order. */
    List<String> warnings();

    /** Policy violations found, including {@code warn} and {@code dryrun} ones that did not deny. */
    List<PolicyViolation> violations();

    /** Allowed, with the given warnings. */
    static AdmissionDecision allow(List<String> warnings) {
        return new Allowed(List.copyOf(warnings));
    }

    /** Allowed with no warnings. */
    static AdmissionDecision allow() {
        return new Allowed(List.of());
    }

    /** Allowed, with warnings and the violations that did not deny. */
    static AdmissionDecision allow(List<String> warnings, List<PolicyViolation> violations) {
        return new Allowed(List.copyOf(warnings), List.copyOf(violations));
    }

    /** Denied by policy (403). */
    static AdmissionDecision deny(String message) {
        return new Denied(403, "Forbidden", message, List.of());
    }

    /** Denied by policy (403), with warnings and every violation found. */
    static AdmissionDecision deny(String message, List<String> warnings, List<PolicyViolation> violations) {
        return new Denied(403, "Forbidden", message, List.copyOf(warnings), List.copyOf(violations));
    }

    /** Denied because the object itself is malformed (422, as the API server answers invalid objects). */
    static AdmissionDecision invalid(String message) {
        return new Denied(422, "Invalid", message, List.of());
    }

    /** Denied because the object is malformed, listing each problem in order. */
    static AdmissionDecision invalid(List<String> problems) {
        return invalid(String.join("; ", problems));
    }

    /** Whether the object is admitted. */
    default boolean allowed() {
        return this instanceof Allowed;
    }

    /** This decision with more warnings appended (e.g. those of the mutating chain). */
    default AdmissionDecision withWarnings(List<String> more) {
        List<String> all = new ArrayList<>(warnings());
        more.stream().filter(w -> !all.contains(w)).forEach(all::add);
        if (this instanceof Denied d) {
            return new Denied(d.code(), d.reason(), d.message(), all, d.violations());
        }
        return new Allowed(all, violations());
    }

    /** Admitted. */
    record Allowed(List<String> warnings, List<PolicyViolation> violations) implements AdmissionDecision {
        /** Admitted with warnings and no violations. */
        public Allowed(List<String> warnings) {
            this(warnings, List.of());
        }

        /** Copies the lists so the decision never changes after it is returned. */
        public Allowed {
            warnings = List.copyOf(warnings);
            violations = List.copyOf(violations);
        }
    }

    /**
     * Refused.
     *
     * @param code       the HTTP status code put in {@code response.status.code}
     * @param reason     the machine-readable reason ({@code Forbidden}, {@code Invalid})
     * @param message    why, naming the field, the numbers and the policy where there are any
     * @param warnings   warnings to return with the refusal
     * @param violations every policy violation found, the denying ones and the others
     */
    record Denied(int code, String reason, String message, List<String> warnings, List<PolicyViolation> violations)
            implements AdmissionDecision {
        /** Refused with no violations recorded. */
        public Denied(int code, String reason, String message, List<String> warnings) {
            this(code, reason, message, warnings, List.of());
        }

        /** Copies the lists so the decision never changes after it is returned. */
        public Denied {
            warnings = List.copyOf(warnings);
            violations = List.copyOf(violations);
        }
    }
}
