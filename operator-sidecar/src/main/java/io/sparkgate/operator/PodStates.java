package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.ExecutorState;
import java.util.Optional;

/**
 * Maps driver and executor pods to kubeflow's states. The driver container is what counts: a pod with sidecars
 * may still be Running after Spark's own container has exited, so its termination decides success or failure.
 */
final class PodStates {
    /** The name Spark gives the driver's container. */
    static final String DRIVER_CONTAINER = "spark-kubernetes-driver";

    private PodStates() {
    }

    /** The application state a driver pod implies. */
    static ApplicationState ofDriver(Pod pod) {
        Optional<ContainerStateTerminated> ended = driverTerminated(pod);
        if (ended.isPresent()) {
            ContainerStateTerminated t = ended.get();
            Integer code = t.getExitCode();
            return code != null && code == 0 ? ApplicationState.of(ApplicationStateType.SUCCEEDING)
                    : new ApplicationState(ApplicationStateType.FAILING, "driver container "
                    + DRIVER_CONTAINER + " exited with code " + code + reasonSuffix(t.getReason(), t.getMessage()));
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null) {
            return ApplicationState.of(ApplicationStateType.SUBMITTED);
        }
        return switch (phase) {
            case "Pending" -> ApplicationState.of(ApplicationStateType.SUBMITTED);
            case "Running" -> ApplicationState.of(ApplicationStateType.RUNNING);
            case "Succeeded" -> ApplicationState.of(ApplicationStateType.SUCCEEDING);
            case "Failed" -> new ApplicationState(ApplicationStateType.FAILING, "driver pod "
                    + pod.getMetadata().getName() + " failed"
                    + reasonSuffix(pod.getStatus().getReason(), pod.getStatus().getMessage()));
            default -> ApplicationState.of(ApplicationStateType.UNKNOWN);
        };
    }

    /** The executor state an executor pod's phase implies. */
    static ExecutorState ofExecutor(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null) {
            return ExecutorState.PENDING;
        }
        return switch (phase) {
            case "Pending" -> ExecutorState.PENDING;
            case "Running" -> ExecutorState.RUNNING;
            case "Succeeded" -> ExecutorState.COMPLETED;
            case "Failed" -> ExecutorState.FAILED;
            default -> ExecutorState.UNKNOWN;
        };
    }

    private static Optional<ContainerStateTerminated> driverTerminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (DRIVER_CONTAINER.equals(cs.getName()) && cs.getState() != null
                    && cs.getState().getTerminated() != null) {
                return Optional.of(cs.getState().getTerminated());
            }
        }
        return Optional.empty();
    }

    private static String reasonSuffix(String reason, String message) {
        StringBuilder sb = new StringBuilder();
        if (reason != null && !reason.isBlank()) {
            sb.append(": ").append(reason);
        }
        if (message != null && !message.isBlank()) {
            sb.append(sb.isEmpty() ? ": " : " - ").append(message);
        }
        return sb.toString();
    }
}
