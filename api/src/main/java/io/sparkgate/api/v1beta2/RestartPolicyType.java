package io.sparkgate.api.v1beta2;

/** kubeflow's restart policy types. */
public enum RestartPolicyType {
    Never, OnFailure, Always
}
