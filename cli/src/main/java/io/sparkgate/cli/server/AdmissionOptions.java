package io.sparkgate.cli.server;

import io.sparkgate.webhook.admission.MissingAppPolicy;
import io.sparkgate.webhook.cluster.InformerCaches;
import io.sparkgate.webhook.server.TlsEngine;
import io.sparkgate.webhook.server.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
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

    @Option(names = "--cache-max-staleness", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How far behind the API server the informer caches may fall (an outage, a hung API server) "
                    + "while /readyz stays 200 and admissions are answered from them; beyond it /readyz is 503 until "
                    + "they are current again. Default: ${DEFAULT-VALUE}.")
    Duration cacheMaxStaleness;

    @Option(names = "--cache-check-period", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often the API server is probed (GET /version) and each informer cache checked for "
                    + "outages and staleness (at most --cache-max-staleness). Default: ${DEFAULT-VALUE}.")
    Duration cacheCheckPeriod;

    @Option(names = "--quota-namespace", paramLabel = "NAMESPACE", defaultValue = "${env:POD_NAMESPACE}",
            description = "Where tenant-quota reservations are committed (one ConfigMap per SparkPolicy, "
                    + "sparkgate-quota-<policy>), so quotas hold across webhook replicas. Default: the pod's own "
                    + "namespace (POD_NAMESPACE); without one, reservations stay in this process (one replica only).")
    String quotaNamespace;

    @Option(names = "--quota-reservation-ttl", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long a tenant-quota reservation holds before the caches show its object: a create "
                    + "that never completed (refused later, or its replica died) frees its capacity after this. "
                    + "Longer than the API server's write plus the informers' lag. Default: ${DEFAULT-VALUE}.")
    Duration quotaReservationTtl;

    @Option(names = "--quota-commit-budget", paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long one admission may spend committing its quota reservation (rounds of read, "
                    + "decide, guarded write); past it the object is denied \"quota could not be checked\". Must "
                    + "be shorter than --decision-deadline. Default: ${DEFAULT-VALUE}.")
    Duration quotaCommitBudget;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "4s", converter = DurationConverter.class,
            description = "Before /readyz turns true, admit synthetic reviews (a rich app's pods and a dry-run "
                    + "create, through the same code on throwaway state: no reservation, metric or log line) until "
                    + "12,000 have run and the per-request cost has settled, or this long has passed; 0s turns it "
                    + "off. It runs while the caches sync. Default: ${DEFAULT-VALUE}.")
    Duration warmUp;

    @Option(names = "--http2", description = "Offer HTTP/2 through ALPN (off by default: HTTP/1.1 only).")
    boolean http2;

    @Option(names = "--tls-engine", paramLabel = "ENGINE", defaultValue = "auto",
            converter = TlsEngineConverter.class,
            description = "TLS implementation of the HTTPS listener: openssl (BoringSSL, bundled for Linux x86-64 "
                    + "and aarch64; less CPU per request than the JDK engine), jdk, or auto (openssl when it "
                    + "loads here, else jdk, with a log line saying why). Default: ${DEFAULT-VALUE}.")
    TlsEngine tlsEngine;

    /** Reads {@code --tls-engine}, naming the accepted values when it is wrong. */
    static final class TlsEngineConverter implements ITypeConverter<TlsEngine> {
        @Override
        public TlsEngine convert(String value) {
            return TlsEngine.parse(value);
        }
    }

    @Option(names = "--decision-deadline", paramLabel = "DURATION", defaultValue = "4s",
            converter = DurationConverter.class,
            description = "A review not decided by then is answered anyway: denied by the validating endpoints, "
                    + "admitted unchanged with a warning by /mutate/pods (below the webhooks' timeoutSeconds). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration decisionDeadline;

    @Option(names = "--admission-workers", paramLabel = "N", defaultValue = "0",
            description = "Reviews decided at once, off the event loops (0: one per processor, at least 2). "
                    + "Default: ${DEFAULT-VALUE}.")
    int admissionWorkers;

    @Option(names = "--admission-queue", paramLabel = "N", defaultValue = "256",
            description = "Reviews that may wait for a worker; the next gets HTTP 503. Default: ${DEFAULT-VALUE}.")
    int admissionQueue;

    @Option(names = "--header-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "A new connection whose first request headers have not arrived by then is closed. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "120s",
            converter = DurationConverter.class,
            description = "A connection idle this long is closed (longer than the API server's 90s, so it closes "
                    + "first). Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1000",
            description = "Open admission connections at most; further ones are closed at once. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    /**
     * The quota reservation timing these options set.
     *
     * @throws IllegalArgumentException when a duration is not positive or the budget does not fit in the deadline
     */
    QuotaTiming quotaTiming() {
        if (quotaReservationTtl.isNegative() || quotaReservationTtl.isZero()) {
            throw new IllegalArgumentException("--quota-reservation-ttl must be positive, was "
                    + quotaReservationTtl.toMillis() + " ms");
        }
        if (quotaCommitBudget.isNegative() || quotaCommitBudget.isZero()
                || quotaCommitBudget.compareTo(decisionDeadline) >= 0) {
            throw new IllegalArgumentException("--quota-commit-budget must be positive and shorter than "
                    + "--decision-deadline (" + decisionDeadline.toMillis() + " ms" + "), was "
                    + quotaCommitBudget.toMillis() + " ms");
        }
        return new QuotaTiming(quotaReservationTtl, quotaCommitBudget);
    }

    /**
     * How tenant-quota reservations are timed.
     *
     * @param ttl    how long an unconfirmed reservation holds
     * @param budget how long one admission may try to commit
     */
    record QuotaTiming(Duration ttl, Duration budget) {
        /** How often each replica prunes the reservation objects: twice per TTL, at most every 30 s. */
        Duration pruneEvery() {
            Duration half = ttl.dividedBy(2);
            return half.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                    : half.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : half;
        }
    }

    /** The server limits these options set. */
    WebhookConfig.Limits limits() {
        int workers = admissionWorkers > 0 ? admissionWorkers : WebhookConfig.Limits.defaults().workers();
        return new WebhookConfig.Limits(decisionDeadline, workers, admissionQueue, headerTimeout, idleTimeout,
                maxConnections);
    }

    /** How the informer caches' freshness is checked and bounded; a clear error for inconsistent values. */
    InformerCaches.Freshness freshness() {
        try {
            return new InformerCaches.Freshness(cacheCheckPeriod, cacheMaxStaleness);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cache-check-period / --cache-max-staleness: " + e.getMessage(), e);
        }
    }
}
