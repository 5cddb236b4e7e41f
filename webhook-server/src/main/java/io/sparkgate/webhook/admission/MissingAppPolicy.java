package io.sparkgate.webhook.admission;

/**
 * What to do with a pod whose SparkApplication (named by its {@code sparkoperator.k8s.io/app-name} label) is still
 * not in the cache after the bounded wait, e.g. an app created a moment before its driver.
 */
public enum MissingAppPolicy {
    /**
     * Admit the pod with only the mutations that need no app (the admins' pod defaults), a warning and the
     * {@code sparkgate.admission.app.missing} metric.
     */
    ALLOW,
    /** Deny the pod (403), so it is retried once the cache has the app. */
    DENY
}
