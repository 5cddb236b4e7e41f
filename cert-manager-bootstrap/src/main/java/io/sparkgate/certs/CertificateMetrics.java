package io.sparkgate.certs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificate metrics: {@code sparkgate.certificate.expiry} (seconds since the epoch, tag {@code kind} = ca|leaf) of
 * the certificate being served and the CA it chains to, and reloads counted by outcome.
 */
public final class CertificateMetrics {
    private final AtomicLong leafExpiry = new AtomicLong();
    private final AtomicLong caExpiry = new AtomicLong();
    private final Counter applied;
    private final Counter rejected;

    /** Registers the meters on {@code registry}. */
    public CertificateMetrics(MeterRegistry registry) {
        Gauge.builder("sparkgate.certificate.expiry", leafExpiry, AtomicLong::get).tag("kind", "leaf")
                .description("notAfter of the serving certificate, seconds since the epoch").baseUnit("seconds")
                .register(registry);
        Gauge.builder("sparkgate.certificate.expiry", caExpiry, AtomicLong::get).tag("kind", "ca")
                .description("notAfter of the CA the serving certificate chains to, seconds since the epoch")
                .baseUnit("seconds").register(registry);
        applied = Counter.builder("sparkgate.certificate.reloads").tag("result", "applied")
                .description("serving certificates pushed to the server").register(registry);
        rejected = Counter.builder("sparkgate.certificate.reloads").tag("result", "rejected")
                .description("serving certificates refused because the API server would refuse them")
                .register(registry);
    }

    /** A certificate chaining to {@code ca} is now served. */
    public void served(X509Certificate leaf, X509Certificate ca) {
        leafExpiry.set(leaf.getNotAfter().toInstant().getEpochSecond());
        caExpiry.set(ca.getNotAfter().toInstant().getEpochSecond());
        applied.increment();
    }

    /** A certificate was refused. */
    public void rejected() {
        rejected.increment();
    }
}
