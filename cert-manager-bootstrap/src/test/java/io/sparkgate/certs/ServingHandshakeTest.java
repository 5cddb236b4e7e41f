package io.sparkgate.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A client that trusts only ca.crt and verifies {@code <svc>.<ns>.svc}, as the API server does, talks to the server. */
class ServingHandshakeTest {
    private final ReloadableKeyManager keys = new ReloadableKeyManager();
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "RSA_2048"}) // RSA 4096: CertificateAuthorityTest
    void theApiServerHostnameVerifiesAgainstTheCaBundleAlone(KeyAlgorithm algorithm) throws Exception {
        CertificateSettings settings = CertificateSettings.defaults("spark-system", "sparkgate")
                .withKeys(algorithm, CertificateAuthority.DEFAULT_CA_VALIDITY, CertificateAuthority.DEFAULT_LEAF_VALIDITY);
        CertificateMaterial m = new CertificateIssuer(settings, Clock.systemUTC(), new SecureRandom())
                .apply(new CertificatePlan.Bootstrap("test", false), CertificateMaterial.EMPTY);
        keys.onCertificate(m.tlsCrt(), m.tlsKey());
        server = TlsTestSupport.server(keys);
        int port = server.getAddress().getPort();
        List<X509Certificate> caBundle = Pem.readCertificates(m.caCrt(), "ca.crt");

        X509Certificate served = TlsTestSupport.get(port, caBundle, "sparkgate.spark-system.svc");
        assertThat(served).isEqualTo(Pem.readCertificates(m.tlsCrt(), "tls.crt").get(0));
        assertThat(TlsTestSupport.get(port, caBundle, "sparkgate.spark-system.svc.cluster.local")).isEqualTo(served);

        assertThatThrownBy(() -> TlsTestSupport.get(port, caBundle, "other.spark-system.svc"))
                .isInstanceOf(SSLHandshakeException.class);
        CertificateMaterial foreign = new CertificateIssuer(CertificateSettings.defaults("spark-system", "sparkgate"),
                Clock.systemUTC(), new SecureRandom())
                .apply(new CertificatePlan.Bootstrap("test", false), CertificateMaterial.EMPTY);
        assertThatThrownBy(() -> TlsTestSupport.get(port, Pem.readCertificates(foreign.caCrt(), "ca.crt"),
                "sparkgate.spark-system.svc")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aSwappedCertificateIsServedOnTheNextHandshake() throws Exception {
        CertificateSettings settings = CertificateSettings.defaults("ns", "svc");
        CertificateIssuer issuer = new CertificateIssuer(settings, Clock.systemUTC(), new SecureRandom());
        CertificateMaterial first = issuer.apply(new CertificatePlan.Bootstrap("a", false), CertificateMaterial.EMPTY);
        CertificateMaterial second = issuer.apply(new CertificatePlan.Bootstrap("b", false), CertificateMaterial.EMPTY);
        keys.onCertificate(first.tlsCrt(), first.tlsKey());
        server = TlsTestSupport.server(keys);
        int port = server.getAddress().getPort();
        List<X509Certificate> both = List.of(Pem.readCertificates(first.caCrt(), "ca").get(0),
                Pem.readCertificates(second.caCrt(), "ca").get(0));
        assertThat(TlsTestSupport.get(port, both, "svc.ns.svc")).isEqualTo(keys.leaf());
        keys.onCertificate(second.tlsCrt(), second.tlsKey());
        assertThat(TlsTestSupport.get(port, both, "svc.ns.svc"))
                .isEqualTo(Pem.readCertificates(second.tlsCrt(), "tls.crt").get(0));
        assertThatThrownBy(() -> keys.onCertificate(first.tlsCrt(), second.tlsKey()))
                .hasMessage("tls.key does not match tls.crt");
    }
}
