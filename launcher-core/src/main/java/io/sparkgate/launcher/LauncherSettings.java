package io.sparkgate.launcher;

import java.util.Objects;

/**
 * What the launcher takes from its environment rather than from a SparkApplication: the API server URL the driver
 * talks to ({@code spark.master}) and the user Spark records as the submitter ({@code SPARK_USER}).
 *
 * @param masterUrl     {@code spark.master}, e.g. {@code k8s://https://kubernetes.default.svc:443}
 * @param submitterUser the user name spark-submit would run as; {@code SPARK_USER} unless a proxy user is set
 */
public record LauncherSettings(String masterUrl, String submitterUser) {
    /** The in-cluster API server, as the driver reaches it. */
    public static final String IN_CLUSTER_MASTER = "k8s://https://kubernetes.default.svc:443";
    /** The user Spark's images run as (uid 185), which the operator's spark-submit would report. */
    public static final String DEFAULT_USER = "spark";

    /** Checks both values are present. */
    public LauncherSettings {
        Objects.requireNonNull(masterUrl, "masterUrl");
        Objects.requireNonNull(submitterUser, "submitterUser");
        if (!masterUrl.startsWith("k8s://")) {
            throw new IllegalArgumentException("masterUrl must start with k8s://, was " + masterUrl);
        }
    }

    /** Settings for an operator running inside the cluster. */
    public static LauncherSettings inCluster() {
        return new LauncherSettings(IN_CLUSTER_MASTER, DEFAULT_USER);
    }
}
