package io.sparkgate.webhook.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkgate.certs.CertificateManager;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.ManagerOptions;
import io.sparkgate.certs.RolloutProbe;
import io.sparkgate.certs.ServingCertificateListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The serving certificate from its Secret, for {@code --cert-mode external}: runs cert-manager-bootstrap's
 * {@link CertificateManager} in the webhook process as a reader only and pushes every validated certificate from the
 * Secret watch into the running server's {@link ServingCertificateSink}. Nothing is ever written from here, and the CA
 * Secret is never read: the process that serves the admission port must not hold the CA key (issue 18), so issuing,
 * renewal and rotation are done by the certificate writer ({@code sparkgate cert-writer}), by cert-manager or by you.
 */
public final class SecretCertificates implements AutoCloseable {
    private final CertificateManager manager;

    private SecretCertificates(CertificateManager manager) {
        this.manager = manager;
    }

    /**
     * Starts watching the Secret, pushing each valid certificate into {@code sink}.
     *
     * @throws IllegalArgumentException for {@link ManagerOptions.Mode#MANAGED}: writing needs the CA key
     */
    public static SecretCertificates start(KubernetesClient client, CertificateSettings settings,
                                           ManagerOptions options, ServingCertificateSink sink,
                                           MeterRegistry registry, Clock clock) {
        if (options.mode() != ManagerOptions.Mode.EXTERNAL) {
            throw new IllegalArgumentException("the webhook only reads its serving Secret: issuing and rotating "
                    + "need the CA key, which the process serving the admission port must not hold; run "
                    + "'sparkgate cert-writer' next to it");
        }
        // A reader never leads, so the reconciler (and with it the probe and the randomness) never runs.
        CertificateManager manager = new CertificateManager(client, settings, options, push(sink),
                RolloutProbe.OVERLAP_ONLY, registry, clock, new SecureRandom());
        manager.start();
        return new SecretCertificates(manager);
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
