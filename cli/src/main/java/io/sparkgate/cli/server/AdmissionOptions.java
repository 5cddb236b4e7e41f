package io.sparkgate.cli.server;

import io.sparkgate.webhook.admission.MissingAppPolicy;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The admission options shared by {@code webhook} and {@code dev}: where apps and policies come from offline, and
 * the request limits.
 */
public final class AdmissionOptions {
    @Option(names = "--apps-dir", paramLabel = "DIR",
            description = "Read SparkApplications, Namespaces (their labels select policies), Spark pods and "
                    + "ResourceQuotas from the YAML files of DIR instead of a cluster (offline and dev use).")
    Path appsDir;

    @Option(names = "--policies-dir", paramLabel = "DIR",
            description = "With --apps-dir: read SparkPolicies from the YAML files of DIR; an invalid "
                    + "policy stops the start with its problems. In a cluster the SparkPolicy objects are used.")
    Path policiesDir;

    @Option(names = "--app-wait", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long a pod waits for its SparkApplication to reach the cache (at most 8s; the API "
                    + "server gives up after 10s). Default: ${DEFAULT-VALUE}.")
    Duration appWait;

    @Option(names = "--missing-app", paramLabel = "allow|deny", defaultValue = "allow",
            description = "What to do with a pod whose SparkApplication is still unknown after --app-wait: allow it "
                    + "with only the admins' pod defaults and a warning, or deny it. Default: ${DEFAULT-VALUE}.")
    MissingAppPolicy missingApp;

    @Option(names = "--max-body-size", paramLabel = "BYTES", defaultValue = "3145728",
            description = "Largest AdmissionReview accepted, in bytes (at most 3 MiB); larger ones get HTTP 413. "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxBodyBytes;

    @Option(names = "--body-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "A client whose request body has not arrived by then gets HTTP 408 and is disconnected "
                    + "(below the API server's 10s webhook timeout). Default: ${DEFAULT-VALUE}.")
    Duration bodyTimeout;

    @Option(names = "--cert-poll-interval", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How often the certificate files are checked; a change is served to new connections "
                    + "without a restart. Default: ${DEFAULT-VALUE}.")
    Duration certPollInterval;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "20s",
            converter = DurationConverter.class,
            description = "On SIGTERM, how long requests in flight may take to finish. Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    @Option(names = "--quota-namespace", paramLabel = "NAMESPACE", defaultValue = "${env:POD_NAMESPACE}",
            description = "Where tenant-quota reservations are committed (one ConfigMap per SparkPolicy, "
                    + "sparkgate-quota-<policy>), so quotas hold across webhook replicas. Default: the pod's own "
                    + "namespace (POD_NAMESPACE); without one, reservations stay in this process (one replica only).")
    String quotaNamespace;

    @Option(names = "--http2", description = "Offer HTTP/2 through ALPN (off by default: HTTP/1.1 only).")
    boolean http2;
}
