package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the driver runs. sparkgate launches {@code cluster} mode. */
public enum DeployMode {
    CLUSTER("cluster"), CLIENT("client"), IN_CLUSTER_CLIENT("in-cluster-client");

    private final String value;

    DeployMode(String value) {
        this.value = value;
    }

    /** The value as written in YAML. */
    @JsonValue
    public String value() {
        return value;
    }
}
