package io.sparkgate.certs;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer's pass over the certificates: read both Secrets and the published caBundles, let
 * {@link CertificatePolicy} choose, carry the step out with a conditional write, then publish {@code ca.crt} in every
 * caBundle. A write conflict means another writer moved first: read again and decide afresh.
 */
public final class CertificateReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReconciler.class);
    private static final int MAX_STEPS = 6;

    private final CertificateSettings settings;
    private final CertificateSecrets secrets;
    private final CaBundleInjector injector;
    private final RolloutProbe probe;
    private final CertificateEvents events;
    private final Clock clock;
    private final CertificatePolicy policy;
    private final CertificateIssuer issuer;

    /** A reconciler over the given Kubernetes seams; time and randomness injected. */
    public CertificateReconciler(CertificateSettings settings, CertificateSecrets secrets, CaBundleInjector injector,
                                 RolloutProbe probe, CertificateEvents events, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.secrets = secrets;
        this.injector = injector;
        this.probe = probe;
        this.events = events;
        this.clock = clock;
        this.policy = new CertificatePolicy(settings);
        this.issuer = new CertificateIssuer(settings, clock, random);
    }

    /** A routine pass. */
    public CertificatePlan reconcile() {
        return reconcile(false, false);
    }

    /**
     * Takes steps until one does not write (keep, or wait for something outside), and returns that last plan; its
     * {@code nextCheck} says when to come back.
     *
     * @param forceLeaf renew the serving certificate now
     * @param forceCa   start a CA rollover now
     */
    public CertificatePlan reconcile(boolean forceLeaf, boolean forceCa) {
        boolean leaf = forceLeaf;
        boolean ca = forceCa;
        CertificatePlan plan = null;
        for (int step = 0; step < MAX_STEPS; step++) {
            CertificateSecrets.Snapshot snapshot = secrets.read();
            plan = policy.decide(new CertificatePolicy.Input(snapshot.material(), injector.published(),
                    rolloutVerified(snapshot.material(), ca || leaf), leaf, ca), clock.instant());
            CertificateMaterial target = snapshot.material();
            if (plan.writes()) {
                target = issuer.apply(plan, snapshot.material());
                try {
                    secrets.write(snapshot, target);
                } catch (CertificateSecrets.WriteConflict e) {
                    LOG.info("{}; reading the Secrets again", e.getMessage());
                    continue;
                }
                report(plan);
                leaf = false;
                ca = false;
            }
            publish(target);
            if (!plan.writes()) {
                return plan;
            }
        }
        return plan;
    }

    /**
     * What {@link #reconcile(boolean, boolean)} would do first, decided over the same reads and written nowhere
     * (a dry run).
     */
    public CertificatePlan plan(boolean forceLeaf, boolean forceCa) {
        CertificateMaterial material = secrets.read().material();
        return policy.decide(new CertificatePolicy.Input(material, injector.published(),
                rolloutVerified(material, forceCa || forceLeaf), forceLeaf, forceCa), clock.instant());
    }

    /** Publishes the stored {@code ca.crt} in every caBundle, without touching the Secrets. */
    public CaBundleInjector.Result inject() {
        return publish(secrets.read().material());
    }

    private CaBundleInjector.Result publish(CertificateMaterial material) {
        if (CertificatePolicy.readTrust(material.caCrt()).isEmpty()) {
            return new CaBundleInjector.Result(List.of(), List.of()); // never publish garbage over a working bundle
        }
        CaBundleInjector.Result result = injector.inject(material.caCrt());
        result.changed().forEach(ref -> {
            LOG.info("caBundle of {} set from Secret {}/{}", ref, settings.namespace(), settings.secretName());
            events.normal("CaBundleInjected", "caBundle of " + ref + " set from ca.crt");
        });
        result.missing().forEach(ref -> {
            LOG.warn("{} does not exist: its caBundle cannot be kept right", ref);
            events.warning("WebhookConfigurationMissing", ref + " does not exist: its caBundle cannot be kept right");
        });
        return result;
    }

    private boolean rolloutVerified(CertificateMaterial material, boolean forced) {
        List<X509Certificate> trust = CertificatePolicy.readTrust(material.caCrt());
        if (forced || trust.size() < 2 || material.tlsCrt() == null) {
            return false; // only the end of a CA rollover needs it: spare the replicas the probes
        }
        try {
            return probe.allServe(Pem.readCertificates(material.tlsCrt(), "tls.crt").get(0));
        } catch (InvalidPemException e) {
            return false;
        }
    }

    private void report(CertificatePlan plan) {
        String step = plan.getClass().getSimpleName();
        if (plan.repair()) {
            LOG.warn("certificates of {}/{}: {}: {}", settings.namespace(), settings.secretName(), step, plan.reason());
            events.warning(step, plan.reason());
        } else {
            LOG.info("certificates of {}/{}: {}: {}", settings.namespace(), settings.secretName(), step, plan.reason());
            events.normal(step, plan.reason());
        }
    }
}
