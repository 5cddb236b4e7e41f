package io.sparkgate.webhook.server;

import java.util.concurrent.CompletionStage;

/**
 * Receives a new serving certificate for the running server: new TLS handshakes use it, open connections keep
 * theirs, nothing restarts. Fed by the certificate-file watcher and by cert-manager-bootstrap's Secret watch.
 */
public interface ServingCertificateSink {

    /**
     * Installs a certificate.
     *
     * @param certificatePem the PEM certificate chain, leaf first ({@code tls.crt})
     * @param privateKeyPem  the PEM private key of the leaf ({@code tls.key})
     * @return completes when new handshakes use the certificate; fails with an {@link IllegalArgumentException}
     *         naming the problem (unreadable PEM, key not matching the certificate), the old one staying in use
     */
    CompletionStage<Void> update(String certificatePem, String privateKeyPem);
}
