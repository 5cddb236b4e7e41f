package io.sparkgate.cli.offline;

import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.PolicyViolation;
import java.io.PrintWriter;

/** Prints an admission decision for people and CI logs. */
final class Decisions {
    private Decisions() {
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
