package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The pods of an app's current run as the pod cache sees them.
 *
 * @param driver    the driver pod of the recorded submission, or null when there is none
 * @param executors the executor pods of that submission
 */
public record RunPods(Pod driver, List<Pod> executors) {
    /** No pods at all. */
    public static RunPods none() {
        return new RunPods(null, List.of());
    }

    /** Whether nothing of the run is left. */
    public boolean gone() {
        return driver == null && executors.isEmpty();
    }
}
