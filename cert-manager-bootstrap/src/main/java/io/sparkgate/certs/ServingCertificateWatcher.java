package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the serving Secret through the API (not the mounted file, which the kubelet refreshes only every minute or
 * so) and hands each new certificate that passes {@link ServingCertificateCheck} to the server. A certificate that
 * fails is reported (log line, Event, metric) and not served; the last good one stays in use.
 */
public final class ServingCertificateWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingCertificateWatcher.class);

    private final KubernetesClient client;
    private final CertificateSettings settings;
    private final List<String> requiredDnsNames;
    private final ServingCertificateListener listener;
    private final CertificateEvents events;
    private final CertificateMetrics metrics;
    private final Clock clock;
    private final Runnable onInvalid;
    private final Duration resync;
    private final AtomicReference<ServingCertificateCheck.Valid> served = new AtomicReference<>();
    private SharedIndexInformer<Secret> informer;

    /**
     * A watcher of {@code settings.secretName()}.
     *
     * @param requiredDnsNames names the leaf must carry (all of {@link CertificateSettings#dnsNames()} when sparkgate
     *                         issues it; the API server's hostname for an external issuer)
     * @param onInvalid        called after an unusable certificate was seen, e.g. to let the writer repair it
     * @param resync           how often the stored certificate is checked again even without a change (expiry)
     */
    public ServingCertificateWatcher(KubernetesClient client, CertificateSettings settings, List<String> requiredDnsNames,
                                     ServingCertificateListener listener, CertificateEvents events,
                                     CertificateMetrics metrics, Clock clock, Runnable onInvalid, Duration resync) {
        this.client = client;
        this.settings = settings;
        this.requiredDnsNames = List.copyOf(requiredDnsNames);
        this.listener = listener;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.onInvalid = onInvalid;
        this.resync = resync;
    }

    /** Starts the watch; the current Secret, if any, is checked and served at once. */
    public synchronized void start() {
        informer = client.secrets().inNamespace(settings.namespace()).withName(settings.secretName())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret secret) {
                        accept(secret);
                    }

                    @Override
                    public void onUpdate(Secret oldSecret, Secret secret) {
                        accept(secret);
                    }

                    @Override
                    public void onDelete(Secret secret, boolean finalStateUnknown) {
                        LOG.warn("Secret {}/{} was deleted; the last valid certificate stays in use",
                                settings.namespace(), settings.secretName());
                        events.warning("CertificateSecretDeleted", "deleted; the last valid certificate stays in use");
                        onInvalid.run();
                    }
                }, resync.toMillis());
    }

    /** The certificate currently served, if any. */
    public ServingCertificateCheck.Valid current() {
        return served.get();
    }

    /** Checks a Secret's contents and serves them if they pass; public for the mounted-file source and tests. */
    public void accept(Secret secret) {
        CertificateMaterial m = CertificateSecrets.material(secret, null);
        List<X509Certificate> trust = CertificatePolicy.readTrust(m.caCrt());
        ServingCertificateCheck.Verdict verdict = ServingCertificateCheck.check(m.tlsCrt(), m.tlsKey(), trust,
                requiredDnsNames, settings.extraIpAddresses(), clock.instant());
        if (m.caCrt() != null && trust.isEmpty()) {
            verdict = new ServingCertificateCheck.Invalid("ca.crt holds no readable CA certificate");
        }
        if (verdict instanceof ServingCertificateCheck.Valid valid) {
            serve(valid, m);
        } else {
            metrics.rejected();
            LOG.warn("Secret {}/{} holds a certificate the API server would refuse; not serving it: {}",
                    settings.namespace(), settings.secretName(), verdict.describe());
            events.warning("InvalidCertificate", "not served: " + verdict.describe());
            onInvalid.run();
        }
    }

    private void serve(ServingCertificateCheck.Valid valid, CertificateMaterial m) {
        ServingCertificateCheck.Valid before = served.get();
        if (before != null && before.chain().equals(valid.chain())
                && before.leaf().key().equals(valid.leaf().key())) {
            return; // a resync or an unrelated change (e.g. ca.crt gained a CA): nothing new to serve
        }
        listener.onCertificate(Objects.requireNonNull(m.tlsCrt()), Objects.requireNonNull(m.tlsKey()));
        served.set(valid);
        metrics.served(valid.leaf().certificate(), valid.anchor());
        LOG.info("serving certificate from Secret {}/{}: {}", settings.namespace(), settings.secretName(),
                valid.describe());
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
    }
}
