package io.sparkgate.webhook.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.webhook.admission.AdmissionCodec;
import io.sparkgate.webhook.admission.AdmissionHandler;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running admission server: the HTTPS listener of the admission endpoints, the plain-HTTP health and metrics
 * listener, and the certificate-file watcher when the files are the certificate source. {@link #shutdown} drains
 * it: not ready, in-flight requests finish, then the listeners close.
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

    private final Vertx vertx;
    private final HttpServer https;
    private final HealthServer health;
    private final int healthPort;
    private final AdmissionRequestHandler requests;
    private final TlsReloader tls;
    private final CertificateFileWatcher watcher;
    private final Readiness readiness;

    private WebhookServer(Vertx vertx, HttpServer https, HealthServer health, int healthPort,
                          AdmissionRequestHandler requests, TlsReloader tls, CertificateFileWatcher watcher,
                          Readiness readiness) {
        this.vertx = vertx;
        this.https = https;
        this.health = health;
        this.healthPort = healthPort;
        this.requests = requests;
        this.tls = tls;
        this.watcher = watcher;
        this.readiness = readiness;
    }

    /**
     * Starts both listeners and the certificate-file watcher (when the config watches files); returns once they
     * listen. Without certificate files the HTTPS listener refuses handshakes, and {@code /readyz} is 503, until a
     * certificate is pushed through {@link #certificates()}.
     *
     * @param handlers  the admission handler of each path (see AdmissionEndpoints)
     * @param readiness what {@code /readyz} reports; conditions may be added to it later
     * @throws IllegalArgumentException naming the problem when the certificate files are missing or invalid
     * @throws IllegalStateException    when a port cannot be bound
     */
    public static WebhookServer start(Vertx vertx, WebhookConfig config, Map<String, AdmissionHandler> handlers,
                                      AdmissionMetrics metrics, PrometheusMeterRegistry registry, Readiness readiness) {
        ServingCertificate certificate = config.certFile() == null ? null : readFiles(config);
        TlsReloader tls = new TlsReloader(metrics.registry(), readiness);
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(tls.initial(certificate))
                .setEnabledSecureTransportProtocols(TlsReloader.PROTOCOLS)
                .setUseAlpn(config.http2())
                .setAlpnVersions(config.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)
                        : List.of(HttpVersion.HTTP_1_1))
                .setSslHandshakeTimeout(5).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                // Longer than the API server's idle-connection timeout (Go's 90 s), so it closes first.
                .setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true)
                .setCompressionSupported(false);
        AdmissionRequestHandler requests = new AdmissionRequestHandler(vertx, handlers, new AdmissionCodec(), metrics,
                config);
        HttpServer https = vertx.createHttpServer(options).requestHandler(requests);
        HealthServer health = new HealthServer(readiness, registry);
        int healthPort = await(health.start(vertx, config.healthHost(), config.healthPort()).toCompletionStage(),
                "health port " + config.healthHost() + ":" + config.healthPort());
        await(https.listen(config.port(), config.host()).toCompletionStage(),
                "HTTPS port " + config.host() + ":" + config.port());
        tls.listening();
        CertificateFileWatcher watcher = null;
        if (config.watchCertFiles()) {
            watcher = new CertificateFileWatcher(config.certFile(), config.keyFile(), tls,
                    certificate.certificatePem(), certificate.privateKeyPem());
            watcher.start(config.certPollInterval());
        }
        LOG.info("admission server listening on https://{}:{} (endpoints {}), health on http://{}:{}", config.host(),
                https.actualPort(), handlers.keySet(), config.healthHost(), healthPort);
        return new WebhookServer(vertx, https, health, healthPort, requests, tls, watcher, readiness);
    }

    /** The bound HTTPS port. */
    public int port() {
        return https.actualPort();
    }

    /** The bound health and metrics port. */
    public int healthPort() {
        return healthPort;
    }

    /** Where new serving certificates are pushed (e.g. by cert-manager-bootstrap's Secret watch). */
    public ServingCertificateSink certificates() {
        return tls;
    }

    /** The certificate new handshakes get. */
    public ServingCertificate currentCertificate() {
        return tls.current();
    }

    /** Admission requests received and not yet answered. */
    public int inFlight() {
        return requests.inFlight();
    }

    /** The readiness this server reports. */
    public Readiness readiness() {
        return readiness;
    }

    /**
     * Drains and stops: readiness turns false, responses ask clients to reconnect elsewhere, requests in flight
     * finish (up to {@code grace}), then both listeners close. The Vert.x instance is the caller's to close.
     */
    public void shutdown(Duration grace) {
        readiness.draining();
        requests.drain();
        if (watcher != null) {
            watcher.close();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (requests.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (requests.inFlight() > 0) {
            LOG.warn("{} request(s) still in flight after {} ms: closing anyway", requests.inFlight(), grace.toMillis());
        }
        try {
            https.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            health.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("closing the listeners: {}", e.toString());
        }
        LOG.info("admission server stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private static ServingCertificate readFiles(WebhookConfig config) {
        try {
            String cert = Files.readString(config.certFile(), StandardCharsets.US_ASCII);
            String key = Files.readString(config.keyFile(), StandardCharsets.US_ASCII);
            return ServingCertificate.parse(cert, key, config.certFile() + " and " + config.keyFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS files: " + e, e);
        }
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on " + what + ": " + cause.getMessage(), cause);
        }
    }
}
