package io.sparkgate.webhook.server;

import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A throwaway CA and serving certificates for localhost/127.0.0.1, and clients that trust only that CA. */
final class TestPki {
    private final CertificateAuthority ca;

    TestPki() {
        ca = CertificateAuthority.generate("sparkgate-test-ca", Duration.ofDays(30), KeyAlgorithm.ECDSA_P256,
                Clock.systemUTC(), new SecureRandom());
    }

    /** A new serving certificate for localhost and 127.0.0.1. */
    IssuedCertificate issue() {
        return ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(7), KeyAlgorithm.ECDSA_P256);
    }

    /** Writes a new serving certificate as tls.crt and tls.key into {@code dir}. */
    IssuedCertificate writeTo(Path dir) {
        IssuedCertificate leaf = issue();
        write(dir, leaf);
        return leaf;
    }

    static void write(Path dir, IssuedCertificate leaf) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tls.crt"), leaf.certificatePem());
            Files.writeString(dir.resolve("tls.key"), leaf.keyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A trust store holding only the CA. */
    KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca.certificate().certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context trusting only the CA (hostname verification is the client's, and stays on). */
    SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS socket to localhost:port that trusts only this CA and verifies the hostname, handshake done. */
    SSLSocket socket(int port) throws IOException {
        SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket("localhost", port);
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.setSoTimeout(30000);
        socket.startHandshake();
        return socket;
    }
}
