package io.sparkgate.webhook.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the admission server runs: where it listens, its TLS files, and the limits that keep a bad client from
 * hanging it. Built by the CLI from its options (see docs/configuration.md).
 *
 * @param host               address of the HTTPS listener ({@code 0.0.0.0} in a pod)
 * @param port               HTTPS port, 0 for any free port
 * @param healthHost         address of the plain-HTTP health and metrics listener
 * @param healthPort         plain-HTTP port of {@code /healthz}, {@code /readyz}, {@code /metrics}; 0 for any free port
 * @param certFile           PEM serving certificate (chain), e.g. a mounted Secret's {@code tls.crt}; null (with
 *                           {@code keyFile}) when certificates are only pushed through {@link WebhookServer#certificates()}
 * @param keyFile            PEM private key, e.g. {@code tls.key}; null exactly when {@code certFile} is
 * @param maxBodyBytes       largest accepted request body; larger ones get 413
 * @param bodyTimeout        a request whose body has not fully arrived by then gets 408 and its connection closed;
 *                           must stay under the API server's 10 s webhook timeout
 * @param certPollInterval   how often the certificate files are checked for a change
 * @param http2              whether to offer HTTP/2 through ALPN (HTTP/1.1 only by default)
 * @param benchEndpoint      whether to serve {@code POST /bench/noop}, a trivial endpoint that reads the body and
 *                           answers a fixed AdmissionReview: the load-test baseline, off in production
 * @param watchCertFiles     whether the certificate files are polled for changes; off when another source (the
 *                           Secret watch) pushes certificates and the files only give the first one
 * @param limits             the decision deadline, the decision pool and the connection limits
 * @param tlsEngine          the TLS implementation of the HTTPS listener (BoringSSL when it loads, by default)
 */
public record WebhookConfig(String host, int port, String healthHost, int healthPort, Path certFile, Path keyFile,
                            long maxBodyBytes, Duration bodyTimeout, Duration certPollInterval, boolean http2,
                            boolean benchEndpoint, boolean watchCertFiles, Limits limits,
                            TlsEngine tlsEngine) {
    /** The default and largest body size: 3 MiB, the API server's own request limit. */
    public static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

    /** Checks the values and names the one that is wrong. */
    public WebhookConfig {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("give both a TLS certificate file and a TLS key file, or neither");
        }
        if (certFile == null && watchCertFiles) {
            throw new IllegalArgumentException("a TLS certificate file and key file are required");
        }
        checkPort("port", port);
        checkPort("health port", healthPort);
        if (maxBodyBytes <= 0 || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body limit must be between 1 byte and 3 MiB, got " + maxBodyBytes);
        }
        if (bodyTimeout.isNegative() || bodyTimeout.isZero() || bodyTimeout.compareTo(Duration.ofSeconds(9)) > 0) {
            throw new IllegalArgumentException("the body timeout must be between 1 ms and 9 s (the API server gives up "
                    + "after 10 s), got " + bodyTimeout.toMillis() + " ms");
        }
        if (certPollInterval.isNegative() || certPollInterval.isZero()) {
            throw new IllegalArgumentException("the certificate poll interval must be positive");
        }
        if (limits == null) {
            throw new IllegalArgumentException("the server limits are required");
        }
        if (tlsEngine == null) {
            throw new IllegalArgumentException("the TLS engine is required");
        }
    }

    /** The defaults for a server on {@code host:port} with these TLS files. */
    public static WebhookConfig defaults(String host, int port, int healthPort, Path certFile, Path keyFile) {
        return new WebhookConfig(host, port, host, healthPort, certFile, keyFile, MAX_BODY_BYTES,
                Duration.ofSeconds(5), Duration.ofSeconds(1), false, false, true, Limits.defaults(), TlsEngine.AUTO);
    }

    /**
     * The defaults for a server on {@code host:port} with no certificate files: it serves only what is pushed
     * through {@link WebhookServer#certificates()} (e.g. from a Secret watch).
     */
    public static WebhookConfig pushedCertificates(String host, int port, int healthPort) {
        return new WebhookConfig(host, port, host, healthPort, null, null, MAX_BODY_BYTES, Duration.ofSeconds(5),
                Duration.ofSeconds(1), false, false, false, Limits.defaults(), TlsEngine.AUTO);
    }

    /** A copy with another body timeout. */
    public WebhookConfig withBodyTimeout(Duration timeout) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, timeout,
                certPollInterval, http2, benchEndpoint, watchCertFiles, limits, tlsEngine);
    }

    /** A copy with another certificate poll interval. */
    public WebhookConfig withCertPollInterval(Duration interval) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                interval, http2, benchEndpoint, watchCertFiles, limits, tlsEngine);
    }

    /** A copy with the benchmark endpoint on or off. */
    public WebhookConfig withBenchEndpoint(boolean on) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                certPollInterval, http2, on, watchCertFiles, limits, tlsEngine);
    }

    /**
     * A copy whose certificate files (if any) only give the first certificate and are not watched: another source
     * pushes the next ones.
     */
    public WebhookConfig withPushedCertificates() {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                certPollInterval, http2, benchEndpoint, false, limits, tlsEngine);
    }

    /** A copy with another TLS engine. */
    public WebhookConfig withTlsEngine(TlsEngine engine) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                certPollInterval, http2, benchEndpoint, watchCertFiles, limits, engine);
    }

    /** A copy with other limits. */
    public WebhookConfig withLimits(Limits other) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                certPollInterval, http2, benchEndpoint, watchCertFiles, other, tlsEngine);
    }

    /**
     * What bounds one review and one client, so that a slow decision or a stalled client holds one worker or one
     * connection, never the server.
     *
     * @param decisionDeadline a review not decided by then is answered anyway: denied by a validating endpoint
     *                         (504 Timeout), admitted unchanged with a warning by the mutating one; below the
     *                         webhook configurations' {@code timeoutSeconds} (5 s in the chart)
     * @param workers          reviews decided at once, on the decision pool (never on an event loop)
     * @param queue            reviews that may wait for a worker; one more is refused at once with 503
     * @param headerTimeout    a new connection whose first request line and headers have not arrived by then is
     *                         closed (a client trickling header bytes resets no idle timer)
     * @param idleTimeout      a connection with no traffic for this long is closed; longer than the API server's
     *                         own 90 s idle timeout so that it closes first
     * @param maxConnections   open admission connections at most; the next one is closed at once
     */
    public record Limits(Duration decisionDeadline, int workers, int queue, Duration headerTimeout,
                         Duration idleTimeout, int maxConnections) {
        /** Checks the bounds and names the one that is wrong. */
        public Limits {
            if (decisionDeadline.compareTo(Duration.ofMillis(100)) < 0
                    || decisionDeadline.compareTo(Duration.ofSeconds(9)) > 0) {
                throw new IllegalArgumentException("the decision deadline must be between 100 ms and 9 s (the API "
                        + "server gives up after 10 s), got " + decisionDeadline.toMillis() + " ms");
            }
            if (workers < 1 || workers > 1024) {
                throw new IllegalArgumentException("the admission workers must be between 1 and 1024, got " + workers);
            }
            if (queue < 1 || queue > 100_000) {
                throw new IllegalArgumentException("the admission queue must be between 1 and 100000, got " + queue);
            }
            if (headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException("the header timeout must be positive");
            }
            if (idleTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("the idle timeout must be at least 1 s, got "
                        + idleTimeout.toMillis() + " ms");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
            }
        }

        /**
         * A 4 s deadline, one worker per processor (at least 2) and 256 waiting, 10 s for headers, 120 s idle and
         * 1,000 connections.
         */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(4), Math.max(2, Runtime.getRuntime().availableProcessors()), 256,
                    Duration.ofSeconds(10), Duration.ofSeconds(120), 1000);
        }

        /** A copy with another decision deadline. */
        public Limits withDecisionDeadline(Duration deadline) {
            return new Limits(deadline, workers, queue, headerTimeout, idleTimeout, maxConnections);
        }
    }

    private static void checkPort(String what, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("the " + what + " must be between 0 and 65535, got " + value);
        }
    }
}
