package io.sparkgate.certs;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Carries out a {@link CertificatePlan}: creates keys and certificates and returns what the Secrets must hold next. */
public final class CertificateIssuer {
    private final CertificateSettings settings;
    private final Clock clock;
    private final SecureRandom random;

    /** An issuer for {@code settings}, with time and randomness injected. */
    public CertificateIssuer(CertificateSettings settings, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /** The Secrets' contents after {@code plan}; {@code current} is returned unchanged for plans that do not write. */
    public CertificateMaterial apply(CertificatePlan plan, CertificateMaterial current) {
        if (plan instanceof CertificatePlan.Bootstrap) {
            CertificateAuthority ca = newCa();
            return withLeaf(ca, List.of(ca.certificate().certificate()));
        }
        if (plan instanceof CertificatePlan.IssueLeaf issue) {
            return withLeaf(signing(current), issue.trust());
        }
        if (plan instanceof CertificatePlan.StartCaRollover start) {
            IssuedCertificate signer = newCa().certificate();
            List<X509Certificate> trust = new ArrayList<>(start.trust());
            trust.add(signer.certificate());
            return new CertificateMaterial(current.tlsCrt(), current.tlsKey(), Pem.certificates(trust),
                    signer.certificatePem(), signer.keyPem(), current.issuedAt());
        }
        if (plan instanceof CertificatePlan.RepairTrust repair) {
            return withTrust(current, repair.trust());
        }
        if (plan instanceof CertificatePlan.FinishCaRollover finish) {
            return withTrust(current, finish.trust());
        }
        return current; // Keep, WaitForBundle
    }

    private CertificateMaterial withLeaf(CertificateAuthority ca, List<X509Certificate> trust) {
        IssuedCertificate leaf = ca.issueServer(settings.dnsNames(), settings.extraIpAddresses(),
                settings.leafValidity(), settings.keyAlgorithm());
        IssuedCertificate signer = ca.certificate();
        return new CertificateMaterial(leaf.certificatePem(), leaf.keyPem(), Pem.certificates(trust),
                signer.certificatePem(), signer.keyPem(), clock.instant());
    }

    private static CertificateMaterial withTrust(CertificateMaterial current, List<X509Certificate> trust) {
        return new CertificateMaterial(current.tlsCrt(), current.tlsKey(), Pem.certificates(trust),
                current.caSigningCrt(), current.caSigningKey(), current.issuedAt());
    }

    private CertificateAuthority signing(CertificateMaterial current) {
        IssuedCertificate ca = new IssuedCertificate(
                Pem.readCertificates(current.caSigningCrt(), "CA secret ca.crt").get(0),
                Pem.readPrivateKey(current.caSigningKey(), "CA secret ca.key"));
        return new CertificateAuthority(ca, clock, random);
    }

    private CertificateAuthority newCa() {
        // A distinct subject per CA generation: during a rollover two CAs are trusted side by side, and clients that
        // pick a trust anchor by issuer name must never confuse them.
        byte[] id = new byte[4];
        random.nextBytes(id);
        String cn = "sparkgate-ca " + settings.namespace() + "/" + settings.service() + " " + HexFormat.of().formatHex(id);
        return CertificateAuthority.generate(cn, settings.caValidity(), settings.keyAlgorithm(), clock, random);
    }
}
