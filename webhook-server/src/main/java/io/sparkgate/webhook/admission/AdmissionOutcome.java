package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * What a handler decided about one AdmissionRequest. A closed set so the codec writes each case exactly once:
 * only {@link Patched} carries a patch, and validating handlers cannot build one.
 */
public sealed interface AdmissionOutcome {

    /** Warnings for the client, in order. */
    List<String> warnings();

    /** The bounded metric tag for this outcome. */
    String result();

    /** The request is not one this endpoint handles (other kind, no spark-role label, DELETE): allowed untouched. */
    record Skipped(String why) implements AdmissionOutcome {
        @Override
        public List<String> warnings() {
            return List.of();
        }

        @Override
        public String result() {
            return "skipped";
        }
    }

    /** Admitted unchanged. */
    record Allowed(List<String> warnings) implements AdmissionOutcome {
        /** Copies the warnings. */
        public Allowed {
            warnings = List.copyOf(warnings);
        }

        @Override
        public String result() {
            return "allowed";
        }
    }

    /**
     * Admitted with an RFC 6902 patch (never empty: an unchanged pod is {@link Allowed}).
     *
     * @param patch the JSON Patch from the admitted object to the mutated one
     */
    record Patched(ArrayNode patch, List<String> warnings) implements AdmissionOutcome {
        /** Copies the warnings and refuses an empty patch. */
        public Patched {
            if (patch.isEmpty()) {
                throw new IllegalArgumentException("an empty patch is an Allowed outcome");
            }
            warnings = List.copyOf(warnings);
        }

        @Override
        public String result() {
            return "patched";
        }
    }

    /**
     * Refused.
     *
     * @param code    {@code response.status.code}: 403 for policy, 422 for a malformed object
     * @param reason  {@code response.status.reason}, e.g. {@code Forbidden}
     * @param message a sentence a person understands, naming the field or policy
     */
    record Denied(int code, String reason, String message, List<String> warnings) implements AdmissionOutcome {
        /** Copies the warnings. */
        public Denied {
            warnings = List.copyOf(warnings);
        }

        @Override
        public String result() {
            return "denied";
        }
    }
}
