package io.sparkgate.api.v1beta2;

/** kubeflow's executor states, kept per executor pod in the status. */
public enum ExecutorState {
    PENDING, RUNNING, COMPLETED, FAILED, UNKNOWN
}
