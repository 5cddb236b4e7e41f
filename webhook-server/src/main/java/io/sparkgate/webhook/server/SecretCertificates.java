package io.sparkgate.webhook.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkgate.certs.CertificateManager;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.EndpointRolloutProbe;
import io.sparkgate.certs.ManagerOptions;
import io.sparkgate.certs.RolloutProbe;
import io.sparkgate.certs.ServingCertificateListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The serving certificate from its Secret, for {@code --cert-mode managed} and {@code external}: runs
 * cert-manager-bootstrap's {@link CertificateManager} in the webhook process and pushes every validated certificate
 * from the Secret watch into the running server's {@link ServingCertificateSink}. In managed mode one replica,
 * elected by a Lease, also issues, renews, rotates and injects the caBundles; in external mode (cert-manager, a
 * user Secret) nothing is ever written.
 */
public final class SecretCertificates implements AutoCloseable {
    /** Gauge: 1 while this replica is the certificate writer (managed mode), else 0. */
    public static final String WRITER = "sparkgate.certificate.writer";

    private final CertificateManager manager;

    private SecretCertificates(CertificateManager manager) {
        this.manager = manager;
    }

    /**
     * Starts watching the Secret (and, when managed, competing for the writer's Lease), pushing into {@code sink}.
     *
     * @param probe tells the writer when every replica serves a new leaf during a CA rollover
     */
    public static SecretCertificates start(KubernetesClient client, CertificateSettings settings,
                                           ManagerOptions options, ServingCertificateSink sink, RolloutProbe probe,
                                           MeterRegistry registry, Clock clock, SecureRandom random) {
        CertificateManager manager = new CertificateManager(client, settings, options, push(sink), probe, registry,
                clock, random);
        Gauge.builder(WRITER, manager, m -> m.isLeader() ? 1 : 0)
                .description("1 while this replica writes the certificates").register(registry);
        manager.start();
        return new SecretCertificates(manager);
    }

    /** {@link #start} with the probe that connects to every ready endpoint of the Service (3 s per endpoint). */
    public static SecretCertificates start(KubernetesClient client, CertificateSettings settings,
                                           ManagerOptions options, ServingCertificateSink sink,
                                           MeterRegistry registry, Clock clock, SecureRandom random) {
        return start(client, settings, options, sink,
                new EndpointRolloutProbe(client, settings, Duration.ofSeconds(3), random), registry, clock, random);
    }

    /** Whether this replica is the certificate writer. */
    public boolean isWriter() {
        return manager.isLeader();
    }

    /** Asks the writer (if this replica is it) to renew the leaf, or roll the CA over, now. */
    public void requestRotation(boolean ca) {
        manager.requestRotation(ca);
    }

    private static ServingCertificateListener push(ServingCertificateSink sink) {
        return (certPem, keyPem) -> {
            try {
                sink.update(certPem, keyPem).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing the serving certificate", e);
            } catch (ExecutionException | TimeoutException e) {
                // Thrown so the watcher does not record the certificate as served; the old one stays in use.
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException("the server refused the certificate: " + cause.getMessage(), cause);
            }
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
