package io.sparkgate.policy;

import io.sparkgate.api.policy.EnforcementAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns policy violations into one decision by their enforcement actions: any {@code deny} refuses (403) with
 * every denying message; {@code warn} ones become warnings prefixed {@code [warn]}; {@code dryrun} ones are only
 * carried in {@link AdmissionDecision#violations()} for the caller's metric and log line.
 */
final class Verdicts {
    private Verdicts() {
    }

    /** The decision for these violations. */
    static AdmissionDecision of(List<PolicyViolation> violations) {
        return of(List.of(), violations);
    }

    /** The decision for these violations, {@code warnings} (e.g. unknown fields) told first, whatever it is. */
    static AdmissionDecision of(List<String> first, List<PolicyViolation> violations) {
        List<String> denials = new ArrayList<>();
        List<String> warnings = new ArrayList<>(first);
        for (PolicyViolation v : violations) {
            if (v.action() == EnforcementAction.DENY) {
                denials.add(v.message());
            } else if (v.action() == EnforcementAction.WARN) {
                warnings.add(v.asWarning());
            }
        }
        return denials.isEmpty() ? AdmissionDecision.allow(warnings, violations)
                : AdmissionDecision.deny(String.join("; ", denials), warnings, violations);
    }

    /** Whether these violations admit the object. */
    static boolean admits(List<PolicyViolation> violations) {
        return violations.stream().noneMatch(v -> v.action() == EnforcementAction.DENY);
    }
}
