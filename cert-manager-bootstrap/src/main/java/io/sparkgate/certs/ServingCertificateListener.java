package io.sparkgate.certs;

/**
 * Receives each new, validated serving certificate so a running server can use it for new TLS handshakes without a
 * restart. Called from a watch thread; implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface ServingCertificateListener {
    /**
     * A new certificate to serve.
     *
     * @param certPem the certificate chain as PEM, leaf first ({@code tls.crt})
     * @param keyPem  its private key as PEM ({@code tls.key}); never log it
     */
    void onCertificate(String certPem, String keyPem);
}
