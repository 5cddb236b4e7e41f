package io.sparkgate.testing;

import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throwaway certificate authority for tests, built on sparkgate's own PKI ({@link CertificateAuthority}): its PEM
 * and caBundle, serving certificates for chosen names, and client TLS contexts that trust this CA and nothing else.
 */
public final class TestCa {
    private static final char[] NO_PASSWORD = new char[0];

    private final CertificateAuthority authority;

    private TestCa(CertificateAuthority authority) {
        this.authority = authority;
    }

    /** A new CA valid for a year from now, with an ECDSA key. */
    public static TestCa create(String commonName) {
        return create(commonName, Clock.systemUTC());
    }

    /** A new CA whose validity starts at the clock's now (backdated an hour, as the product's CA). */
    public static TestCa create(String commonName, Clock clock) {
        return new TestCa(CertificateAuthority.generate(commonName, Duration.ofDays(365), KeyAlgorithm.ECDSA_P256,
                clock, new SecureRandom()));
    }

    /** The CA certificate as PEM. */
    public String caPem() {
        return authority.certificate().certificatePem();
    }

    /** The CA certificate as a webhook configuration's {@code caBundle}: base64 of the PEM. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(caPem().getBytes(StandardCharsets.UTF_8));
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return authority.certificate().certificate();
    }

    /** A serving certificate for the given DNS names (the first is the common name). */
    public ServerCertificate issue(String... dnsNames) {
        return issue(List.of(dnsNames), List.of());
    }

    /** A serving certificate for the given DNS names and IP addresses. */
    public ServerCertificate issue(List<String> dnsNames, List<String> ipAddresses) {
        IssuedCertificate leaf = authority.issueServer(dnsNames, ipAddresses, Duration.ofDays(30),
                KeyAlgorithm.ECDSA_P256);
        return new ServerCertificate(leaf, certificate());
    }

    /** The serving certificate a webhook Service needs: {@code <service>.<namespace>.svc} and its other names. */
    public ServerCertificate issueForService(String service, String namespace) {
        return issue(CertificateAuthority.serviceDnsNames(service, namespace), List.of("127.0.0.1"));
    }

    /** A trust manager that trusts certificates this CA signed and nothing else. */
    public X509TrustManager trustManager() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager for the test CA", e);
        }
    }

    /** A client TLS context that trusts only this CA. */
    public SSLContext clientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context for the test CA", e);
        }
    }

    /**
     * A serving certificate with its key and issuing CA.
     *
     * @param issued the leaf certificate and key
     * @param ca     the CA that signed it
     */
    public record ServerCertificate(IssuedCertificate issued, X509Certificate ca) {

        /** The leaf certificate as PEM ({@code tls.crt}). */
        public String certPem() {
            return issued.certificatePem();
        }

        /** The private key as PKCS#8 PEM ({@code tls.key}). */
        public String keyPem() {
            return issued.keyPem();
        }

        /** A server TLS context presenting this certificate (with its CA in the chain). */
        public SSLContext serverContext() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", issued.key(), NO_PASSWORD,
                        new X509Certificate[] {issued.certificate(), ca});
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, NO_PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(factory.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build a server TLS context", e);
            }
        }
    }
}
