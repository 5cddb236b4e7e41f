package io.sparkgate.mutators;

/**
 * What the webhook does with a Spark pod whose SparkApplication (named by its
 * {@code sparkoperator.k8s.io/app-name} label) is still missing from the informer cache after a short wait. The
 * webhook counts every such pod in a metric and says which outcome applied in a warning or the denial.
 */
public enum MissingAppOutcome {
    /** Default: admit the pod with only the app-independent mutations (admin defaults) and a warning. */
    ALLOW_UNMUTATED,
    /** Deny the pod with a message naming the app; Spark's scheduler retries executors, spark-submit fails. */
    DENY
}
