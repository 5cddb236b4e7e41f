package io.sparkgate.operator;

import java.time.Duration;
import java.util.Objects;

/**
 * How the operator runs.
 *
 * @param namespace          the namespace to watch, or null for all namespaces
 * @param workers            reconcile workers; one key is only ever processed by one worker at a time
 * @param leaderElection     whether to take a Lease before acting (needed when more than one replica runs)
 * @param leaseNamespace     the Lease's namespace
 * @param leaseName          the Lease's name
 * @param identity           this replica's identity in the Lease (usually the pod name)
 * @param leaseDuration      how long a Lease is valid without renewal
 * @param renewDeadline      how long the leader tries to renew before giving up
 * @param retryPeriod        how often candidates try to take the Lease
 * @param driverGracePeriod  how long a submitted driver pod may be missing before the app is failed
 * @param resyncPeriod       how often every app is reconciled even without events
 * @param uiIngressUrlFormat kubeflow's {@code --ingress-url-format} for Spark UI Ingresses (e.g.
 *                           {@code {{$appName}}.spark.example.com}), or null for no UI Ingress
 * @param informerCheckPeriod how often the API server is probed and each informer checked for outages and
 *                           staleness ({@link io.sparkgate.informers.InformerMonitor})
 */
public record OperatorConfig(String namespace, int workers, boolean leaderElection, String leaseNamespace,
                             String leaseName, String identity, Duration leaseDuration, Duration renewDeadline,
                             Duration retryPeriod, Duration driverGracePeriod, Duration resyncPeriod,
                             String uiIngressUrlFormat, Duration informerCheckPeriod) {
    /** Checks the values. */
    public OperatorConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(driverGracePeriod, "driverGracePeriod");
        Objects.requireNonNull(informerCheckPeriod, "informerCheckPeriod");
        if (leaderElection && (leaseName == null || leaseNamespace == null)) {
            throw new IllegalArgumentException("leader election needs a lease name and namespace");
        }
    }

    /** Defaults: all namespaces, 10 workers, no leader election, 60 s driver grace, 5 min resync, 5 s checks. */
    public static OperatorConfig defaults(String identity) {
        return new OperatorConfig(null, 10, false, "default", "sparkgate-operator", identity,
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofMinutes(5), null, Duration.ofSeconds(5));
    }

    /** A copy watching {@code ns} (null for all namespaces). */
    public OperatorConfig withNamespace(String ns) {
        return new OperatorConfig(ns, workers, leaderElection, leaseNamespace, leaseName, identity, leaseDuration,
                renewDeadline, retryPeriod, driverGracePeriod, resyncPeriod, uiIngressUrlFormat, informerCheckPeriod);
    }

    /** A copy with {@code n} workers. */
    public OperatorConfig withWorkers(int n) {
        return new OperatorConfig(namespace, n, leaderElection, leaseNamespace, leaseName, identity, leaseDuration,
                renewDeadline, retryPeriod, driverGracePeriod, resyncPeriod, uiIngressUrlFormat, informerCheckPeriod);
    }

    /** A copy electing a leader through the Lease {@code ns/name} with the given timings. */
    public OperatorConfig withLeaderElection(String ns, String name, Duration duration, Duration renew,
                                             Duration retry) {
        return new OperatorConfig(namespace, workers, true, ns, name, identity, duration, renew, retry,
                driverGracePeriod, resyncPeriod, uiIngressUrlFormat, informerCheckPeriod);
    }

    /** A copy whose informers are checked every {@code period}. */
    public OperatorConfig withInformerCheckPeriod(Duration period) {
        return new OperatorConfig(namespace, workers, leaderElection, leaseNamespace, leaseName, identity,
                leaseDuration, renewDeadline, retryPeriod, driverGracePeriod, resyncPeriod, uiIngressUrlFormat, period);
    }

    /** A copy with the given driver grace period. */
    public OperatorConfig withDriverGracePeriod(Duration grace) {
        return new OperatorConfig(namespace, workers, leaderElection, leaseNamespace, leaseName, identity,
                leaseDuration, renewDeadline, retryPeriod, grace, resyncPeriod, uiIngressUrlFormat,
                informerCheckPeriod);
    }

    /** A copy creating Spark UI Ingresses at URLs of this format ({@code {{$appName}}}, {@code {{$appNamespace}}}). */
    public OperatorConfig withUiIngressUrlFormat(String format) {
        return new OperatorConfig(namespace, workers, leaderElection, leaseNamespace, leaseName, identity,
                leaseDuration, renewDeadline, retryPeriod, driverGracePeriod, resyncPeriod, format,
                informerCheckPeriod);
    }
}
