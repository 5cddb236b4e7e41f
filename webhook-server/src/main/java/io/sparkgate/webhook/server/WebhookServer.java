package io.sparkgate.webhook.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.webhook.admission.AdmissionCodec;
import io.sparkgate.webhook.admission.AdmissionHandler;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.DecisionPool;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running admission server: the HTTPS listener of the admission endpoints, the plain-HTTP health and metrics
 * listener, and the certificate-file watcher when the files are the certificate source. {@link #shutdown} drains
 * it: not ready, in-flight requests finish, then the listeners close.
 *
 * <p>The HTTPS port is served by one listener per available processor, each on its own event loop (Vert.x shares
 * the port and spreads accepted connections over them): a single listener would put every TLS record, parse and
 * mutation on one thread, so a 2-core pod could never use its second core for admissions.
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    /**
     * Port 0 is asked of Vert.x as a negative port, which Vert.x binds to one random port shared by the listeners
     * asking the same negative number; a distinct number per server keeps two servers of one JVM apart.
     */
    private static final AtomicInteger SHARED_RANDOM_PORT = new AtomicInteger();

    /** Gauge, tagged {@code engine=openssl|jdk}: which TLS implementation serves admission. */
    public static final String TLS_ENGINE = "sparkgate.tls.engine";

    private final Vertx vertx;
    private final List<HttpServer> https;
    private final String deployment;
    private final HealthServer health;
    private final int healthPort;
    private final AdmissionRequestHandler requests;
    private final TlsReloader tls;
    private final CertificateFileWatcher watcher;
    private final Readiness readiness;
    private final DecisionPool decisions;
    private final TlsEngine engine;

    private WebhookServer(Vertx vertx, List<HttpServer> https, String deployment, HealthServer health,
                          int healthPort, AdmissionRequestHandler requests, TlsReloader tls,
                          CertificateFileWatcher watcher, Readiness readiness, DecisionPool decisions,
                          TlsEngine engine) {
        this.vertx = vertx;
        this.engine = engine;
        this.https = https;
        this.deployment = deployment;
        this.health = health;
        this.healthPort = healthPort;
        this.requests = requests;
        this.tls = tls;
        this.watcher = watcher;
        this.readiness = readiness;
        this.decisions = decisions;
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
        return start(vertx, config, handlers, metrics, registry, readiness, null);
    }

    /**
     * Starts the server as {@link #start(Vertx, WebhookConfig, Map, AdmissionMetrics, PrometheusMeterRegistry,
     * Readiness)} does, deciding on {@code pool} (which the server then owns and closes); {@code null} makes one
     * from the config's limits.
     */
    public static WebhookServer start(Vertx vertx, WebhookConfig config, Map<String, AdmissionHandler> handlers,
                                      AdmissionMetrics metrics, PrometheusMeterRegistry registry, Readiness readiness,
                                      DecisionPool pool) {
        DecisionPool decisions = pool != null ? pool
                : new DecisionPool(config.limits().workers(), config.limits().queue()).register(registry);
        ServingCertificate certificate = config.certFile() == null ? null : readFiles(config);
        TlsReloader tls = new TlsReloader(metrics.registry(), readiness);
        TlsEngine engine = config.tlsEngine().resolve();
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setSslEngineOptions(engine.options())
                .setKeyCertOptions(tls.initial(certificate))
                .setEnabledSecureTransportProtocols(TlsReloader.PROTOCOLS)
                .setUseAlpn(config.http2())
                .setAlpnVersions(config.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)
                        : List.of(HttpVersion.HTTP_1_1))
                .setSslHandshakeTimeout(5).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                // Longer than the API server's idle-connection timeout (Go's 90 s), so it closes first.
                .setIdleTimeout((int) config.limits().idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true)
                .setCompressionSupported(false);
        AdmissionRequestHandler requests = new AdmissionRequestHandler(vertx, handlers, new AdmissionCodec(), metrics,
                config, decisions);
        ConnectionGuard guard = new ConnectionGuard(vertx, config.limits(), registry);
        HealthServer health = new HealthServer(readiness, registry);
        int healthPort = await(health.start(vertx, config.healthHost(), config.healthPort()).toCompletionStage(),
                "health port " + config.healthHost() + ":" + config.healthPort());
        int port = config.port() == 0 ? -SHARED_RANDOM_PORT.incrementAndGet() : config.port();
        List<HttpServer> https = new CopyOnWriteArrayList<>();
        int listeners = Math.max(1, Runtime.getRuntime().availableProcessors());
        String deployment = await(vertx.deployVerticle(() -> new Listener(options, requests, guard, port,
                        config.host(), https), new DeploymentOptions().setInstances(listeners)).toCompletionStage(),
                "HTTPS port " + config.host() + ":" + config.port());
        tls.listening();
        CertificateFileWatcher watcher = null;
        if (config.watchCertFiles()) {
            watcher = new CertificateFileWatcher(config.certFile(), config.keyFile(), tls,
                    certificate.certificatePem(), certificate.privateKeyPem());
            watcher.start(config.certPollInterval());
        }
        Gauge.builder(TLS_ENGINE, () -> 1).tag("engine", engine.label())
                .description("The TLS implementation of the HTTPS listener (always 1)").register(registry);
        LOG.info("admission server listening on https://{}:{} ({} event loops, TLS by {}, endpoints {}), health on "
                + "http://{}:{}", config.host(), https.get(0).actualPort(), listeners,
                engine == TlsEngine.OPENSSL ? "BoringSSL" : "the JDK", handlers.keySet(), config.healthHost(), healthPort);
        return new WebhookServer(vertx, List.copyOf(https), deployment, health, healthPort, requests, tls, watcher,
                readiness, decisions, engine);
    }

    /** The TLS implementation the HTTPS listener uses: {@link TlsEngine#OPENSSL} or {@link TlsEngine#JDK}. */
    public TlsEngine tlsEngine() {
        return engine;
    }

    /** The bound HTTPS port. */
    public int port() {
        return https.get(0).actualPort();
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
            // Undeploying closes every HTTPS listener of the deployment.
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            health.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("closing the listeners: {}", e.toString());
        }
        decisions.close();
        LOG.info("admission server stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    /** One HTTPS listener on its own event loop; all of them share the port and the request handler. */
    private static final class Listener extends AbstractVerticle {
        private final HttpServerOptions options;
        private final AdmissionRequestHandler requests;
        private final ConnectionGuard guard;
        private final int port;
        private final String host;
        private final List<HttpServer> started;

        Listener(HttpServerOptions options, AdmissionRequestHandler requests, ConnectionGuard guard, int port,
                 String host, List<HttpServer> started) {
            this.options = options;
            this.requests = requests;
            this.guard = guard;
            this.port = port;
            this.host = host;
            this.started = started;
        }

        @Override
        public void start(Promise<Void> promise) {
            vertx.createHttpServer(options).connectionHandler(guard::accepted).requestHandler(request -> {
                guard.requestStarted(request.connection());
                requests.handle(request);
            }).listen(port, host).onComplete(ar -> {
                if (ar.succeeded()) {
                    started.add(ar.result());
                    promise.complete();
                } else {
                    promise.fail(ar.cause());
                }
            });
        }
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
