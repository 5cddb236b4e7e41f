package io.sparkgate.cli.offline;

import io.sparkgate.cli.app.CliFailure;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.PolicyViolation;
import java.io.PrintWriter;

/** Prints an admission decision for people and CI logs. */
final class Decisions {
    private Decisions() {
    }

    /**
     * The exit code of a decision: 0 allowed, 1 denied (by a policy or a rule), 2 when the object itself is
     * invalid (the webhook's 400 or 422: a field that does not read, a value out of its grammar).
     */
    static int exitCode(AdmissionDecision decision) {
        if (decision instanceof AdmissionDecision.Denied d) {
            return d.code() == 400 || d.code() == 422 ? CliFailure.BAD_INPUT : CliFailure.REFUSED;
        }
        return 0;
    }

    /** Writes the decision, its warnings and every policy violation (dry-run ones included). */
    static void print(PrintWriter out, AdmissionDecision decision) {
        if (decision instanceof AdmissionDecision.Denied d) {
            out.println("decision: DENIED (" + d.code() + " " + d.reason() + ")");
            out.println("message: " + d.message());
        } else {
            out.println("decision: ALLOWED");
        }
        for (String w : decision.warnings()) {
            out.println("warning: " + w);
        }
        for (PolicyViolation v : decision.violations()) {
            out.println("violation: [" + v.action().value() + "] " + v.policy() + " " + v.rule() + ": " + v.message());
        }
        out.flush();
    }
}
