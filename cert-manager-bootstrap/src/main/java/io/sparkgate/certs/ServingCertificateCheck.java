package io.sparkgate.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether {@code tls.crt}/{@code tls.key} may be served: the key matches, the leaf is valid now, carries the
 * required names and serverAuth, and chains to one of the trusted CAs. A certificate failing any of these would be
 * refused by the API server, so it is never pushed to the server.
 */
public final class ServingCertificateCheck {
    private static final byte[] PROBE = "sparkgate key/certificate match".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_EKU = "2.5.29.37.0";

    private ServingCertificateCheck() {
    }

    /** The outcome of a check. */
    public sealed interface Verdict {
        /** Human-readable summary for logs and Events. */
        String describe();
    }

    /**
     * The pair may be served.
     *
     * @param leaf   the leaf certificate and its key
     * @param chain  the chain as read from {@code tls.crt}, leaf first
     * @param anchor the trusted CA the chain ends at
     */
    public record Valid(IssuedCertificate leaf, List<X509Certificate> chain, X509Certificate anchor) implements Verdict {
        @Override
        public String describe() {
            return "serial " + leaf.certificate().getSerialNumber().toString(16) + " valid until " + leaf.notAfter();
        }
    }

    /**
     * The pair must not be served.
     *
     * @param reason what is wrong, naming the Secret key it came from
     */
    public record Invalid(String reason) implements Verdict {
        @Override
        public String describe() {
            return reason;
        }
    }

    /**
     * Checks a serving certificate.
     *
     * @param tlsCrt   PEM chain, leaf first
     * @param tlsKey   PEM private key
     * @param trusted  the CAs the chain must end at; empty means "chain not checked" (a user-provided Secret with a
     *                 certificate from a public CA and no {@code ca.crt})
     * @param dnsNames DNS names the leaf must carry
     * @param ips      IP addresses the leaf must carry
     * @param now      the instant of the check
     */
    public static Verdict check(String tlsCrt, String tlsKey, Collection<X509Certificate> trusted, List<String> dnsNames,
                                List<String> ips, Instant now) {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.readCertificates(tlsCrt, "tls.crt");
            key = Pem.readPrivateKey(tlsKey, "tls.key");
        } catch (InvalidPemException e) {
            return new Invalid(e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        if (!keyMatches(leaf, key)) {
            return new Invalid("tls.key does not match the certificate in tls.crt");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return new Invalid("tls.crt is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (!now.isBefore(leaf.getNotAfter().toInstant())) {
            return new Invalid("tls.crt expired at " + leaf.getNotAfter().toInstant());
        }
        List<String> missing = missingNames(leaf, dnsNames, ips);
        if (!missing.isEmpty()) {
            return new Invalid("tls.crt lacks the subject alternative names " + missing);
        }
        if (!serverAuth(leaf)) {
            return new Invalid("tls.crt is not usable for TLS server authentication (extended key usage)");
        }
        X509Certificate anchor = trusted.isEmpty() ? null : anchorOf(chain, trusted, now);
        if (!trusted.isEmpty() && anchor == null) {
            return new Invalid("tls.crt does not chain to a trusted, unexpired CA in ca.crt");
        }
        return new Valid(new IssuedCertificate(leaf, key), List.copyOf(chain), anchor == null ? leaf : anchor);
    }

    /** Whether the private key belongs to the certificate: signs a probe with the key and verifies it. */
    public static boolean keyMatches(X509Certificate certificate, PrivateKey key) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())
                && !("EC".equals(publicKey.getAlgorithm()) && "ECDSA".equals(key.getAlgorithm()))) {
            return false;
        }
        try {
            String algorithm = KeyAlgorithm.signatureAlgorithmFor(key);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code certificate} is a CA certificate (basic constraints CA, keyCertSign) valid at {@code now}. */
    public static boolean isUsableCa(X509Certificate certificate, Instant now) {
        boolean[] usage = certificate.getKeyUsage();
        return certificate.getBasicConstraints() >= 0 && (usage == null || usage.length > 5 && usage[5])
                && !now.isBefore(certificate.getNotBefore().toInstant())
                && now.isBefore(certificate.getNotAfter().toInstant());
    }

    /** Whether {@code certificate} was signed by {@code issuer}'s key. */
    public static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static X509Certificate anchorOf(List<X509Certificate> chain, Collection<X509Certificate> trusted,
                                            Instant now) {
        Set<TrustAnchor> anchors = trusted.stream().filter(ca -> isUsableCa(ca, now))
                .map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toCollection(HashSet::new));
        if (anchors.isEmpty()) {
            return null;
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            List<X509Certificate> path = new ArrayList<>(chain);
            path.removeIf(c -> trusted.contains(c)); // a bundle that repeats the CA in tls.crt is fine
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return result.getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX validation is not available in this JVM", e);
        }
    }

    private static List<String> missingNames(X509Certificate leaf, List<String> dnsNames, List<String> ips) {
        Set<String> dns = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        dns.add(((String) san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    } else if (type == 7) {
                        addresses.add(normalise((String) san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of("(unreadable subjectAltName extension)");
        }
        List<String> missing = new ArrayList<>();
        dnsNames.stream().filter(n -> !dns.contains(n.toLowerCase(java.util.Locale.ROOT))).forEach(missing::add);
        ips.stream().filter(ip -> !addresses.contains(normalise(ip))).forEach(missing::add);
        return missing;
    }

    private static String normalise(String ip) {
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return ip; // never resolve a host name here
        }
        try {
            return InetAddress.getByAddress(InetAddress.getByName(ip).getAddress()).getHostAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    private static boolean serverAuth(X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains(SERVER_AUTH) || eku.contains(ANY_EKU);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
