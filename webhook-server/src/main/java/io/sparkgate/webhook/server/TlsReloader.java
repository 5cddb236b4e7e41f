package io.sparkgate.webhook.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkgate.certs.ReloadableKeyManager;
import io.vertx.core.net.KeyCertOptions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs serving certificates into the running HTTPS server through cert-manager-bootstrap's
 * {@link ReloadableKeyManager}: new
 * handshakes get the new certificate at once, open connections keep theirs, and no connection accepted during the
 * swap fails. Exports the expiry of the certificate in use and counts reloads.
 */
public final class TlsReloader implements ServingCertificateSink {
    /** TLS 1.2 and 1.3 only. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    /** Gauge: when the certificate in use expires, in seconds since the epoch. */
    public static final String EXPIRY = "sparkgate.tls.certificate.expiry.timestamp";
    /** Counter of certificate installs, by result. */
    public static final String RELOADS = "sparkgate.tls.certificate.reloads";

    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

    private final AtomicReference<ServingCertificate> current = new AtomicReference<>();
    private final ReloadableKeyManager keyManager = new ReloadableKeyManager();
    private final Object installing = new Object();
    private final Readiness readiness;
    private final Counter loaded;
    private final Counter refused;

    /** A reloader that reports into {@code registry} and marks {@code readiness} once a certificate is in use. */
    public TlsReloader(MeterRegistry registry, Readiness readiness) {
        this.readiness = readiness;
        Gauge.builder(EXPIRY, current, c -> c.get() == null ? Double.NaN : c.get().notAfter().getEpochSecond())
                .description("When the serving certificate in use expires").baseUnit("seconds").register(registry);
        this.loaded = Counter.builder(RELOADS).tag("result", "success").register(registry);
        this.refused = Counter.builder(RELOADS).tag("result", "failure").register(registry);
    }

    /**
     * The key and certificate options of the HTTPS server, serving {@code certificate} until the next update; with
     * none, handshakes fail (and {@code /readyz} says so) until the first {@link #update}.
     */
    KeyCertOptions initial(ServingCertificate certificate) {
        if (certificate != null) {
            current.set(certificate);
            keyManager.onCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        }
        return KeyCertOptions.wrap(keyManager);
    }

    /** Called once the HTTPS server listens. */
    void listening() {
        ServingCertificate certificate = current.get();
        if (certificate == null) {
            LOG.info("no serving certificate yet: TLS handshakes fail until one is pushed");
            return;
        }
        readiness.certificateLoaded();
        loaded.increment();
        LOG.info("serving certificate serial {} in use, expires {}", certificate.serial(), certificate.notAfter());
    }

    /** The certificate new handshakes get. */
    public ServingCertificate current() {
        return current.get();
    }

    @Override
    public CompletionStage<Void> update(String certificatePem, String privateKeyPem) {
        ServingCertificate certificate;
        try {
            certificate = ServingCertificate.parse(certificatePem, privateKeyPem, "new serving certificate");
        } catch (IllegalArgumentException e) {
            refused.increment();
            return CompletableFuture.failedFuture(e);
        }
        ServingCertificate old;
        synchronized (installing) {
            keyManager.onCertificate(certificatePem, privateKeyPem);
            old = current.getAndSet(certificate);
        }
        readiness.certificateLoaded();
        loaded.increment();
        LOG.info("serving certificate reloaded: serial {} (was {}), expires {}", certificate.serial(),
                old == null ? "-" : old.serial(), certificate.notAfter());
        return CompletableFuture.completedFuture(null);
    }
}
