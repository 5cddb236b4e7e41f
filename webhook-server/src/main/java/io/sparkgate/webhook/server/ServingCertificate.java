package io.sparkgate.webhook.server;

import io.sparkgate.certs.InvalidPemException;
import io.sparkgate.certs.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A checked serving certificate: the PEM chain and key parse, and the key belongs to the leaf, so a half-written
 * pair of files or a mismatched Secret is refused before it reaches TLS.
 *
 * @param certificatePem the PEM chain, leaf first
 * @param privateKeyPem  the PEM key of the leaf
 * @param chain          the parsed chain, leaf first
 * @param key            the parsed private key
 */
public record ServingCertificate(String certificatePem, String privateKeyPem, List<X509Certificate> chain,
                                 PrivateKey key) {
    private static final byte[] PROBE = "sparkgate key check".getBytes(StandardCharsets.US_ASCII);

    /**
     * Parses and checks a certificate and key.
     *
     * @throws IllegalArgumentException naming the source and the problem
     */
    public static ServingCertificate parse(String certificatePem, String privateKeyPem, String source) {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.readCertificates(certificatePem, source + " certificate");
            key = Pem.readPrivateKey(privateKeyPem, source + " private key");
        } catch (InvalidPemException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        X509Certificate leaf = chain.get(0);
        if (!matches(key, leaf)) {
            throw new IllegalArgumentException(source + ": the private key does not belong to the certificate "
                    + leaf.getSubjectX500Principal().getName());
        }
        return new ServingCertificate(certificatePem, privateKeyPem, List.copyOf(chain), key);
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** When the leaf expires. */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** The leaf's serial number in hex, for logs. */
    public String serial() {
        return leaf().getSerialNumber().toString(16);
    }

    private static boolean matches(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null || !leaf.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
