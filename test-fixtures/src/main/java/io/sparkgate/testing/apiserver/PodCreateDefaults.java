package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What kube-apiserver's pod strategy sets on every new pod (PrepareForCreate): whatever status the client sent is
 * replaced by {@code status.phase: Pending}. Clients rely on it: Spark's executor-pod snapshots read
 * {@code status.phase} of every pod they see and fail on a pod without status (issue 14).
 */
final class PodCreateDefaults {

    private PodCreateDefaults() {
    }

    /** Gives a pod being created its initial status; other objects are left alone. */
    static void apply(ResourcePath path, JsonNode object) {
        if (path.group().isEmpty() && "pods".equals(path.resource()) && object instanceof ObjectNode pod) {
            pod.putObject("status").put("phase", "Pending");
        }
    }
}
