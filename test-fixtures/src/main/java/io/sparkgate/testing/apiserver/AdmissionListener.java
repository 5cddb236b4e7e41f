package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Sees every write that went through webhook admission, with the object as the client sent it and as admission
 * left it, so a tool can show what the webhooks changed ({@code sparkgate dev}) and a test can count what was
 * stored unmutated. Called on the emulation's worker threads, before the object is stored; keep it cheap.
 */
@FunctionalInterface
public interface AdmissionListener {

    /** Called once per admitted or rejected write. */
    void decided(Decision decision);

    /**
     * One admission decision.
     *
     * @param operation CREATE or UPDATE
     * @param resource  the resource written ({@code pods}, {@code sparkapplications}, ...)
     * @param namespace its namespace, null for cluster-scoped objects
     * @param name      the object's name
     * @param submitted the object as the client sent it (after defaulting of namespace and generated name)
     * @param admitted  the object after every mutating webhook, null when rejected
     * @param code      0 when admitted, else the HTTP status of the refusal
     * @param message   the refusal's message, empty when admitted
     * @param warnings  the webhooks' warnings
     * @param dryRun    whether the write was a dry run (nothing is stored)
     */
    record Decision(String operation, String resource, String namespace, String name, JsonNode submitted,
                    JsonNode admitted, int code, String message, List<String> warnings, boolean dryRun) {

        /** Whether the write was admitted. */
        public boolean isAdmitted() {
            return admitted != null;
        }
    }
}
