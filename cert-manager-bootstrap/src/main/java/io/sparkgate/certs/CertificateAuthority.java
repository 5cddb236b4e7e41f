package io.sparkgate.certs;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate authority that issues TLS serving certificates. Serials are random (RFC 5280 §4.1.2.2,
 * at most 20 octets); validity starts an hour in the past to tolerate clock skew between the API server and us.
 */
public final class CertificateAuthority {
    /** Default CA lifetime: 5 years. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(5 * 365);
    /** Default serving-certificate lifetime: 1 year. */
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final IssuedCertificate ca;
    private final Clock clock;
    private final SecureRandom random;

    /** A CA from an existing certificate and key (e.g. read back from the Secret). */
    public CertificateAuthority(IssuedCertificate ca, Clock clock, SecureRandom random) {
        this.ca = ca;
        this.clock = clock;
        this.random = random;
    }

    /** Generates a new self-signed CA named {@code commonName}. */
    public static CertificateAuthority generate(String commonName, Duration validity, KeyAlgorithm algorithm,
                                                Clock clock, SecureRandom random) {
        KeyPair keys = algorithm.generate(random);
        X500Name name = name(commonName);
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(builder, keys.getPrivate());
            return new CertificateAuthority(new IssuedCertificate(cert, keys.getPrivate()), clock, random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create CA certificate", e);
        }
    }

    /** The CA's own certificate and key. */
    public IssuedCertificate certificate() {
        return ca;
    }

    /**
     * Issues a TLS serving certificate for the given names.
     *
     * @param dnsNames    DNS subject alternative names; the first is also the common name
     * @param ipAddresses IP subject alternative names (e.g. 127.0.0.1)
     */
    public IssuedCertificate issueServer(List<String> dnsNames, List<String> ipAddresses, Duration validity,
                                         KeyAlgorithm algorithm) {
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one DNS name or IP address");
        }
        KeyPair keys = algorithm.generate(random);
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = ca.notAfter();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter; // a leaf never outlives its issuer
        }
        String cn = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), name(cn), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(keys.getPublic())))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, sans(dnsNames, ipAddresses))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()));
            return new IssuedCertificate(sign(builder, ca.key()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue serving certificate for " + dnsNames, e);
        }
    }

    private static int keyUsage(PublicKey key) {
        // RSA key exchange (TLS 1.2 RSA suites) needs keyEncipherment; ECDSA keys only sign.
        return "RSA".equals(key.getAlgorithm()) ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    private static GeneralNames sans(List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        for (String ip : ipAddresses) {
            try {
                // Literal addresses only: never resolve a name here.
                if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                    throw new IllegalArgumentException("not an IP address: " + ip);
                }
                names.add(new GeneralName(GeneralName.iPAddress,
                        new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(ip).getAddress())));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + ip, e);
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, java.security.PrivateKey signer)
            throws CertificateException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signer)).build(signer)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(159, random).setBit(158); // positive, 20 octets at most, never zero
    }

    /** The DNS names a webhook Service answers to: {@code svc}, {@code svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.cluster.local}. */
    public static List<String> serviceDnsNames(String service, String namespace) {
        return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }

}
