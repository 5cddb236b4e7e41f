package io.sparkgate.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatePolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final SecureRandom random = new SecureRandom();
    private final CertificateSettings settings = CertificateSettings.defaults("spark-system", "sparkgate")
            .withTimings(Duration.ofMinutes(10), Duration.ofSeconds(10));
    private final CertificatePolicy policy = new CertificatePolicy(settings);
    private final CertificateIssuer issuer = new CertificateIssuer(settings, clock, random);

    private CertificatePlan decide(CertificateMaterial m) {
        return policy.decide(CertificatePolicy.Input.of(m, PublishedTrust.NONE, true), clock.instant());
    }

    private CertificateMaterial bootstrapped() {
        return issuer.apply(decide(CertificateMaterial.EMPTY), CertificateMaterial.EMPTY);
    }

    private static List<X509Certificate> trust(CertificateMaterial m) {
        return Pem.readCertificates(m.caCrt(), "ca.crt");
    }

    private static X509Certificate leaf(CertificateMaterial m) {
        return Pem.readCertificates(m.tlsCrt(), "tls.crt").get(0);
    }

    private static X509Certificate signingCa(CertificateMaterial m) {
        return Pem.readCertificates(m.caSigningCrt(), "ca").get(0);
    }

    @Test
    void emptySecretsBootstrapAndThenAreKeptUntilTwoThirdsOfTheLeafLifetime() {
        assertThat(decide(CertificateMaterial.EMPTY)).isEqualTo(
                new CertificatePlan.Bootstrap("no certificate stored yet", false));
        CertificateMaterial m = bootstrapped();
        assertThat(trust(m)).containsExactly(signingCa(m));
        assertThat(ServingCertificateCheck.signedBy(leaf(m), signingCa(m))).isTrue();
        assertThat(m.issuedAt()).isEqualTo(T0);

        CertificatePlan plan = decide(m);
        assertThat(plan).isInstanceOf(CertificatePlan.Keep.class);
        Instant renewAt = ((CertificatePlan.Keep) plan).nextCheck();
        Instant notBefore = leaf(m).getNotBefore().toInstant();
        assertThat(renewAt).isEqualTo(notBefore.plus(Duration.between(notBefore, leaf(m).getNotAfter().toInstant())
                .multipliedBy(2).dividedBy(3)));

        clock.set(renewAt.minusSeconds(1));
        assertThat(decide(m)).isInstanceOf(CertificatePlan.Keep.class);
        clock.set(renewAt);
        CertificatePlan renew = decide(m);
        assertThat(renew).isInstanceOf(CertificatePlan.IssueLeaf.class);
        assertThat(renew.repair()).isFalse();
        assertThat(renew.reason()).contains("less than a third");
        CertificateMaterial renewed = issuer.apply(renew, m);
        assertThat(renewed.caSigningKey()).isEqualTo(m.caSigningKey());
        assertThat(renewed.caCrt()).isEqualTo(m.caCrt());
        assertThat(leaf(renewed)).isNotEqualTo(leaf(m));
        assertThat(decide(renewed)).isInstanceOf(CertificatePlan.Keep.class);
    }

    @Test
    void aBrokenLeafIsReissuedFromTheSameCa() {
        CertificateMaterial m = bootstrapped();
        CertificateMaterial other = bootstrapped();
        record Case(String name, CertificateMaterial material, String reason) {
        }
        CertificateSettings otherService = CertificateSettings.defaults("spark-system", "other");
        CertificateMaterial wrongHost = new CertificateIssuer(otherService, clock, random).apply(
                new CertificatePlan.IssueLeaf("", trust(m), false), m);
        List<Case> cases = List.of(
                new Case("garbage", new CertificateMaterial("garbage", m.tlsKey(), m.caCrt(), m.caSigningCrt(),
                        m.caSigningKey(), T0), "tls.crt: holds no PEM certificate"),
                new Case("missing key", new CertificateMaterial(m.tlsCrt(), null, m.caCrt(), m.caSigningCrt(),
                        m.caSigningKey(), T0), "tls.key: holds no PEM private key"),
                new Case("key mismatch", new CertificateMaterial(m.tlsCrt(), other.tlsKey(), m.caCrt(),
                        m.caSigningCrt(), m.caSigningKey(), T0), "tls.key does not match"),
                new Case("foreign CA", new CertificateMaterial(other.tlsCrt(), other.tlsKey(), m.caCrt(),
                        m.caSigningCrt(), m.caSigningKey(), T0), "does not chain"),
                new Case("wrong hostname", wrongHost, "lacks the subject alternative names [sparkgate,"));
        for (Case c : cases) {
            CertificatePlan plan = decide(c.material());
            assertThat(plan).as(c.name()).isInstanceOf(CertificatePlan.IssueLeaf.class);
            assertThat(plan.reason()).as(c.name()).contains(c.reason());
            assertThat(plan.repair()).as(c.name()).isTrue();
            CertificateMaterial repaired = issuer.apply(plan, c.material());
            assertThat(repaired.caSigningCrt()).isEqualTo(m.caSigningCrt());
            assertThat(decide(repaired)).as(c.name()).isInstanceOf(CertificatePlan.Keep.class);
        }
    }

    @Test
    void anExpiredOrNotYetValidLeafIsReissued() {
        CertificateMaterial m = bootstrapped();
        clock.set(leaf(m).getNotAfter().toInstant());
        // The CA (5 years) is still fine at the leaf's end, so only the leaf is replaced.
        assertThat(decide(m).reason()).contains("expired at");
        clock.set(leaf(m).getNotBefore().toInstant().minusSeconds(1));
        CertificatePlan early = decide(m);
        assertThat(early).isInstanceOf(CertificatePlan.Bootstrap.class); // the CA is not valid yet either
        assertThat(early.reason()).contains("not yet valid");
    }

    @Test
    void aLostCaKeyRollsTheCaOverWhileTheValidLeafStays() {
        CertificateMaterial m = bootstrapped();
        CertificateMaterial lost = new CertificateMaterial(m.tlsCrt(), m.tlsKey(), m.caCrt(), null, null, T0);
        CertificatePlan plan = decide(lost);
        assertThat(plan).isInstanceOf(CertificatePlan.StartCaRollover.class);
        assertThat(plan.repair()).isTrue();
        assertThat(plan.reason()).startsWith("CA secret is missing");
        CertificateMaterial next = issuer.apply(plan, lost);
        assertThat(next.tlsCrt()).isEqualTo(m.tlsCrt());
        assertThat(trust(next)).hasSize(2).startsWith(signingCa(m)).endsWith(signingCa(next));

        CertificateMaterial garbageCa = new CertificateMaterial(m.tlsCrt(), m.tlsKey(), m.caCrt(), "junk", "junk", T0);
        assertThat(decide(garbageCa)).isInstanceOf(CertificatePlan.StartCaRollover.class);
        CertificateMaterial mismatched = new CertificateMaterial(m.tlsCrt(), m.tlsKey(), m.caCrt(), m.caSigningCrt(),
                bootstrapped().caSigningKey(), T0);
        assertThat(decide(mismatched).reason()).contains("ca.key does not match ca.crt");
    }

    @Test
    void nothingUsableBootstrapsAsARepair() {
        CertificateMaterial junk = new CertificateMaterial("junk", "junk", "junk", "junk", "junk", T0);
        CertificatePlan plan = decide(junk);
        assertThat(plan).isInstanceOf(CertificatePlan.Bootstrap.class);
        assertThat(plan.repair()).isTrue();
        assertThat(decide(issuer.apply(plan, junk))).isInstanceOf(CertificatePlan.Keep.class);
    }

    @Test
    void aWipedCaCrtIsRepairedWithoutANewLeaf() {
        CertificateMaterial m = bootstrapped();
        CertificateMaterial wiped = new CertificateMaterial(m.tlsCrt(), m.tlsKey(), "", m.caSigningCrt(),
                m.caSigningKey(), T0);
        CertificatePlan plan = decide(wiped);
        assertThat(plan).isInstanceOf(CertificatePlan.RepairTrust.class);
        CertificateMaterial repaired = issuer.apply(plan, wiped);
        assertThat(repaired.tlsCrt()).isEqualTo(m.tlsCrt());
        assertThat(trust(repaired)).containsExactly(signingCa(m));
    }

    @Test
    void aCaRolloverTrustsTheNewCaBeforeServingAndTheOldUntilTheRolloutIsVerified() {
        CertificateMaterial m = bootstrapped();
        X509Certificate oldCa = signingCa(m);
        CertificatePlan start = policy.decide(new CertificatePolicy.Input(m, published(m, T0), true, false, true),
                clock.instant());
        assertThat(start).isEqualTo(new CertificatePlan.StartCaRollover("CA rollover requested", List.of(oldCa), false));
        CertificateMaterial rolling = issuer.apply(start, m);
        X509Certificate newCa = signingCa(rolling);
        assertThat(trust(rolling)).containsExactly(oldCa, newCa);
        assertThat(rolling.tlsCrt()).isEqualTo(m.tlsCrt());

        // The caBundles still hold only the old CA: keep serving the old leaf.
        assertThat(policy.decide(CertificatePolicy.Input.of(rolling, published(m, T0), true), clock.instant()))
                .isInstanceOf(CertificatePlan.WaitForBundle.class);
        // Published just now: wait for the API server to see it.
        clock.advance(Duration.ofSeconds(1));
        PublishedTrust both = published(rolling, clock.instant());
        CertificatePlan early = policy.decide(CertificatePolicy.Input.of(rolling, both, true), clock.instant());
        assertThat(early).isEqualTo(new CertificatePlan.WaitForBundle(
                "CA rollover: giving the API server time to see the new caBundle", clock.instant().plusSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        CertificatePlan issue = policy.decide(CertificatePolicy.Input.of(rolling, both, true), clock.instant());
        assertThat(issue).isInstanceOf(CertificatePlan.IssueLeaf.class);
        CertificateMaterial served = issuer.apply(issue, rolling);
        assertThat(ServingCertificateCheck.signedBy(leaf(served), newCa)).isTrue();
        assertThat(trust(served)).containsExactly(newCa, oldCa);

        // Overlap: both stay trusted for ten minutes, then until the rollout is verified.
        CertificatePlan overlap = policy.decide(CertificatePolicy.Input.of(served, both, true), clock.instant());
        assertThat(overlap).isEqualTo(new CertificatePlan.Keep("CA rollover: old CA stays trusted until "
                + served.issuedAt().plus(Duration.ofMinutes(10)), served.issuedAt().plus(Duration.ofMinutes(10))));
        clock.advance(Duration.ofMinutes(10));
        assertThat(policy.decide(CertificatePolicy.Input.of(served, both, false), clock.instant()).reason())
                .contains("waiting for every replica");
        CertificatePlan finish = policy.decide(CertificatePolicy.Input.of(served, both, true), clock.instant());
        assertThat(finish).isInstanceOf(CertificatePlan.FinishCaRollover.class);
        CertificateMaterial done = issuer.apply(finish, served);
        assertThat(trust(done)).containsExactly(newCa);
        assertThat(decide(done)).isInstanceOf(CertificatePlan.Keep.class);
    }

    @Test
    void theCaRollsOverWhenAThirdOfItsLifetimeIsLeftAndExpiredCasLeaveTheBundle() {
        CertificateSettings shortCa = settings.withKeys(KeyAlgorithm.ECDSA_P256, Duration.ofDays(90), Duration.ofDays(20));
        CertificatePolicy p = new CertificatePolicy(shortCa);
        CertificateIssuer i = new CertificateIssuer(shortCa, clock, random);
        CertificateMaterial m = i.apply(new CertificatePlan.Bootstrap("", false), CertificateMaterial.EMPTY);
        clock.set(CertificatePolicy.renewAt(signingCa(m)));
        CertificateMaterial renewedLeaf = i.apply(new CertificatePlan.IssueLeaf("", trust(m), false), m);
        CertificatePlan plan = p.decide(CertificatePolicy.Input.of(renewedLeaf, PublishedTrust.NONE, true),
                clock.instant());
        assertThat(plan).isInstanceOf(CertificatePlan.StartCaRollover.class);
        assertThat(plan.reason()).contains("CA has less than a third");

        // An old CA that expired while still listed is dropped at once.
        MutableClock past = new MutableClock(clock.instant().minus(Duration.ofDays(89)));
        CertificateAuthority expiring = CertificateAuthority.generate("old", Duration.ofDays(30), KeyAlgorithm.ECDSA_P256,
                past, random);
        CertificateMaterial fresh = i.apply(new CertificatePlan.Bootstrap("", false), CertificateMaterial.EMPTY);
        CertificateMaterial stale = new CertificateMaterial(fresh.tlsCrt(), fresh.tlsKey(),
                fresh.caCrt() + Pem.certificate(expiring.certificate().certificate()), fresh.caSigningCrt(),
                fresh.caSigningKey(), clock.instant());
        CertificatePlan drop = p.decide(CertificatePolicy.Input.of(stale, PublishedTrust.NONE, false), clock.instant());
        assertThat(drop).isEqualTo(new CertificatePlan.RepairTrust("ca.crt holds expired or unusable CAs",
                List.of(signingCa(fresh))));
    }

    private static PublishedTrust published(CertificateMaterial m, Instant changedAt) {
        return new PublishedTrust(true, trust(m), changedAt);
    }
}
