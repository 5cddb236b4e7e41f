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
 */
public record WebhookConfig(String host, int port, String healthHost, int healthPort, Path certFile, Path keyFile,
                            long maxBodyBytes, Duration bodyTimeout, Duration certPollInterval, boolean http2,
                            boolean benchEndpoint, boolean watchCertFiles) {
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
    }

    /** The defaults for a server on {@code host:port} with these TLS files. */
    public static WebhookConfig defaults(String host, int port, int healthPort, Path certFile, Path keyFile) {
        return new WebhookConfig(host, port, host, healthPort, certFile, keyFile, MAX_BODY_BYTES,
                Duration.ofSeconds(5), Duration.ofSeconds(1), false, false, true);
    }

    /**
     * The defaults for a server on {@code host:port} with no certificate files: it serves only what is pushed
     * through {@link WebhookServer#certificates()} (e.g. from a Secret watch).
     */
    public static WebhookConfig pushedCertificates(String host, int port, int healthPort) {
        return new WebhookConfig(host, port, host, healthPort, null, null, MAX_BODY_BYTES, Duration.ofSeconds(5),
                Duration.ofSeconds(1), false, false, false);
    }

    /** A copy with another body timeout. */
    public WebhookConfig withBodyTimeout(Duration timeout) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, timeout,
                certPollInterval, http2, benchEndpoint, watchCertFiles);
    }

    /** A copy with another certificate poll interval. */
    public WebhookConfig withCertPollInterval(Duration interval) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                interval, http2, benchEndpoint, watchCertFiles);
    }

    /** A copy with the benchmark endpoint on or off. */
    public WebhookConfig withBenchEndpoint(boolean on) {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                certPollInterval, http2, on, watchCertFiles);
    }

    /**
     * A copy whose certificate files (if any) only give the first certificate and are not watched: another source
     * pushes the next ones.
     */
    public WebhookConfig withPushedCertificates() {
        return new WebhookConfig(host, port, healthHost, healthPort, certFile, keyFile, maxBodyBytes, bodyTimeout,
                certPollInterval, http2, benchEndpoint, false);
    }

    private static void checkPort(String what, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("the " + what + " must be between 0 and 65535, got " + value);
        }
    }
}
