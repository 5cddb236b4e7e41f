package io.sparkgate.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The renewal policy as a pure function: (stored certificates, published caBundles, now) → the next
 * {@link CertificatePlan}. A leaf renews when less than a third of its lifetime is left; so does the CA, by a rollover
 * in which the new CA is trusted before any leaf it signed is served and the old CA is trusted until every replica
 * serves the new leaf.
 */
public final class CertificatePolicy {
    /** How soon to look again while waiting for something outside our control (bundle, rollout). */
    static final Duration RETRY = Duration.ofSeconds(2);

    private final CertificateSettings settings;

    /** A policy for the certificates {@code settings} describe. */
    public CertificatePolicy(CertificateSettings settings) {
        this.settings = settings;
    }

    /**
     * Everything the policy looks at.
     *
     * @param material        what the Secrets hold
     * @param published       what the webhook configurations trust
     * @param rolloutVerified whether every serving replica was seen serving the stored leaf
     * @param forceLeaf       renew the leaf now
     * @param forceCa         start a CA rollover now
     */
    public record Input(CertificateMaterial material, PublishedTrust published, boolean rolloutVerified,
                        boolean forceLeaf, boolean forceCa) {
        /** Routine input: nothing forced. */
        public static Input of(CertificateMaterial material, PublishedTrust published, boolean rolloutVerified) {
            return new Input(material, published, rolloutVerified, false, false);
        }
    }

    /** Chooses the next step. */
    public CertificatePlan decide(Input input, Instant now) {
        CertificateMaterial m = input.material();
        Signing signing = signing(m, now);
        List<X509Certificate> trust = readTrust(m.caCrt());
        List<X509Certificate> anchors = new ArrayList<>(trust);
        if (signing.ca() != null && !anchors.contains(signing.ca())) {
            anchors.add(signing.ca());
        }
        ServingCertificateCheck.Verdict leaf = anchors.isEmpty()
                ? new ServingCertificateCheck.Invalid("ca.crt holds no CA and there is no usable CA secret")
                : ServingCertificateCheck.check(m.tlsCrt(), m.tlsKey(), anchors, settings.dnsNames(),
                        settings.extraIpAddresses(), now);

        if (signing.ca() == null) {
            if (leaf instanceof ServingCertificateCheck.Valid valid) {
                return new CertificatePlan.StartCaRollover(signing.problem()
                        + "; the valid serving certificate stays while a new CA joins the caBundle",
                        union(List.of(valid.anchor()), unexpired(trust, now)), true);
            }
            boolean nothingStored = m.tlsCrt() == null && m.caSigningCrt() == null;
            return new CertificatePlan.Bootstrap(nothingStored ? "no certificate stored yet"
                    : signing.problem() + "; " + leaf.describe(), !nothingStored);
        }
        List<X509Certificate> keepTrust = union(List.of(signing.ca()), unexpired(trust, now));
        if (leaf instanceof ServingCertificateCheck.Invalid invalid) {
            return new CertificatePlan.IssueLeaf(invalid.reason(), keepTrust, m.tlsCrt() != null);
        }
        ServingCertificateCheck.Valid valid = (ServingCertificateCheck.Valid) leaf;
        if (!trust.contains(signing.ca()) || !trust.contains(valid.anchor())) {
            return new CertificatePlan.RepairTrust("ca.crt lacks the CA that signs or signed the serving certificate",
                    union(keepTrust, List.of(valid.anchor())));
        }
        if (!valid.anchor().equals(signing.ca())) {
            return rolloverLeaf(input.published(), signing.ca(), keepTrust, now);
        }
        if (input.forceCa() || due(signing.ca(), now)) {
            return new CertificatePlan.StartCaRollover(input.forceCa() ? "CA rollover requested"
                    : "CA has less than a third of its lifetime left (until " + signing.ca().getNotAfter().toInstant()
                    + ")", unexpired(trust, now), false);
        }
        if (input.forceLeaf() || due(valid.leaf().certificate(), now)) {
            return new CertificatePlan.IssueLeaf(input.forceLeaf() ? "renewal requested"
                    : "serving certificate has less than a third of its lifetime left (until "
                    + valid.leaf().notAfter() + ")", keepTrust, false);
        }
        if (trust.size() > 1) {
            return finishRollover(input, signing.ca(), trust, keepTrust, now);
        }
        Instant next = min(renewAt(signing.ca()), renewAt(valid.leaf().certificate()));
        return new CertificatePlan.Keep("serving certificate " + valid.describe(), next);
    }

    private CertificatePlan rolloverLeaf(PublishedTrust published, X509Certificate signing,
                                         List<X509Certificate> trust, Instant now) {
        if (!published.trusts(signing)) {
            return new CertificatePlan.WaitForBundle("CA rollover: waiting for the new CA in every caBundle",
                    now.plus(RETRY));
        }
        Instant visible = published.changedAt().plus(settings.bundlePropagation());
        if (now.isBefore(visible)) {
            return new CertificatePlan.WaitForBundle("CA rollover: giving the API server time to see the new caBundle",
                    visible);
        }
        return new CertificatePlan.IssueLeaf("CA rollover: serve a certificate from the new CA", trust, false);
    }

    private CertificatePlan finishRollover(Input input, X509Certificate signing, List<X509Certificate> trust,
                                           List<X509Certificate> keepTrust, Instant now) {
        if (keepTrust.size() < trust.size()) {
            return new CertificatePlan.RepairTrust("ca.crt holds expired or unusable CAs", keepTrust);
        }
        Instant issued = Objects.requireNonNullElse(input.material().issuedAt(), Instant.EPOCH);
        Instant overlapEnds = issued.plus(settings.rolloverOverlap());
        if (now.isBefore(overlapEnds)) {
            return new CertificatePlan.Keep("CA rollover: old CA stays trusted until " + overlapEnds, overlapEnds);
        }
        if (!input.rolloutVerified()) {
            return new CertificatePlan.Keep("CA rollover: waiting for every replica to serve the new certificate",
                    now.plus(RETRY));
        }
        return new CertificatePlan.FinishCaRollover("CA rollover complete: every replica serves a certificate from "
                + "the new CA", List.of(signing));
    }

    /** The signing CA when the CA Secret holds a usable CA and its key; otherwise why not. */
    private record Signing(X509Certificate ca, PrivateKey key, String problem) {
    }

    private static Signing signing(CertificateMaterial m, Instant now) {
        if (m.caSigningCrt() == null && m.caSigningKey() == null) {
            return new Signing(null, null, "CA secret is missing");
        }
        try {
            X509Certificate ca = Pem.readCertificates(m.caSigningCrt(), "CA secret ca.crt").get(0);
            PrivateKey key = Pem.readPrivateKey(m.caSigningKey(), "CA secret ca.key");
            if (!ServingCertificateCheck.keyMatches(ca, key)) {
                return new Signing(null, null, "CA secret: ca.key does not match ca.crt");
            }
            if (!ServingCertificateCheck.isUsableCa(ca, now)) {
                return new Signing(null, null, "CA secret: ca.crt is expired, not yet valid or not a CA");
            }
            return new Signing(ca, key, null);
        } catch (InvalidPemException e) {
            return new Signing(null, null, e.getMessage());
        }
    }

    /** The CAs of a {@code ca.crt} bundle; garbage reads as none (the leaf check then reports it). */
    static List<X509Certificate> readTrust(String pem) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        try {
            return Pem.readCertificates(pem, "ca.crt");
        } catch (InvalidPemException e) {
            return List.of();
        }
    }

    /** When a certificate has a third of its lifetime left. */
    static Instant renewAt(X509Certificate c) {
        Instant from = c.getNotBefore().toInstant();
        Instant to = c.getNotAfter().toInstant();
        return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
    }

    private static boolean due(X509Certificate c, Instant now) {
        return !now.isBefore(renewAt(c));
    }

    private static List<X509Certificate> unexpired(List<X509Certificate> cas, Instant now) {
        return cas.stream().filter(c -> ServingCertificateCheck.isUsableCa(c, now)).toList();
    }

    private static List<X509Certificate> union(List<X509Certificate> first, List<X509Certificate> second) {
        List<X509Certificate> all = new ArrayList<>(first);
        second.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return List.copyOf(all);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
