package io.sparkgate.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A certificate and its private key.
 *
 * @param certificate the certificate
 * @param key         its private key
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key) {

    /** The certificate as PEM ({@code tls.crt}). */
    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** The key as PKCS#8 PEM ({@code tls.key}). */
    public String keyPem() {
        return Pem.privateKey(key);
    }

    /** When the certificate stops being valid. */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** When the certificate starts being valid. */
    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }
}
