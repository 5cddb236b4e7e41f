package io.sparkgate.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void issuesAServingCertificateThatChainsToTheCa(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("sparkgate-ca", CertificateAuthority.DEFAULT_CA_VALIDITY,
                algorithm, clock, random);
        IssuedCertificate leaf = ca.issueServer(CertificateAuthority.serviceDnsNames("sparkgate", "spark-system"),
                List.of("127.0.0.1"), CertificateAuthority.DEFAULT_LEAF_VALIDITY, algorithm);

        X509Certificate cert = leaf.certificate();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate().certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);

        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList()).containsExactly(
                "sparkgate", "sparkgate.spark-system", "sparkgate.spark-system.svc",
                "sparkgate.spark-system.svc.cluster.local", "127.0.0.1");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(ca.certificate().certificate().getBasicConstraints()).isEqualTo(0);
        assertThat(ca.certificate().certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(leaf.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(leaf.notBefore()).isBefore(NOW);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber()).isNotEqualTo(ca.certificate().certificate().getSerialNumber());
    }

    @Test
    void aLeafNeverOutlivesItsCa() {
        CertificateAuthority ca = CertificateAuthority.generate("short", Duration.ofDays(30), KeyAlgorithm.ECDSA_P256,
                clock, random);
        IssuedCertificate leaf = ca.issueServer(List.of("a"), List.of(), Duration.ofDays(365), KeyAlgorithm.ECDSA_P256);
        assertThat(leaf.notAfter()).isEqualTo(ca.certificate().notAfter());
    }

    @Test
    void pemRoundTripsAndGarbageIsNamed() {
        CertificateAuthority ca = CertificateAuthority.generate("rt", Duration.ofDays(30), KeyAlgorithm.ECDSA_P256,
                clock, random);
        IssuedCertificate leaf = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1),
                KeyAlgorithm.RSA_2048);
        assertThat(Pem.readCertificates(leaf.certificatePem() + Pem.certificate(ca.certificate().certificate()), "x"))
                .containsExactly(leaf.certificate(), ca.certificate().certificate());
        assertThat(Pem.readPrivateKey(leaf.keyPem(), "x")).isEqualTo(leaf.key());
        assertThatThrownBy(() -> Pem.readCertificates("garbage", "tls.crt")).isInstanceOf(InvalidPemException.class)
                .hasMessageContaining("tls.crt");
        assertThatThrownBy(() -> Pem.readPrivateKey(leaf.certificatePem(), "tls.key"))
                .hasMessage("tls.key: holds no PEM private key");
        assertThatThrownBy(() -> ca.issueServer(List.of(), List.of("not-an-ip"), Duration.ofDays(1),
                KeyAlgorithm.ECDSA_P256)).hasMessageContaining("not-an-ip");
    }
}
