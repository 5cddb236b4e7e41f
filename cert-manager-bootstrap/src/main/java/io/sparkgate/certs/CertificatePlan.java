package io.sparkgate.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** What to do with the stored certificates next: the closed set of steps {@link CertificatePolicy} chooses from. */
public sealed interface CertificatePlan {

    /** Why this step, for logs and Events. */
    String reason();

    /** Whether the step writes the Secrets. */
    default boolean writes() {
        return true;
    }

    /** Whether the step repairs something broken (a Warning Event) rather than routine upkeep. */
    default boolean repair() {
        return false;
    }

    /**
     * Everything is right; look again at {@code nextCheck}.
     *
     * @param reason    what was checked
     * @param nextCheck when the next renewal or rollover step falls due
     */
    record Keep(String reason, Instant nextCheck) implements CertificatePlan {
        @Override
        public boolean writes() {
            return false;
        }
    }

    /**
     * A CA rollover waits until the new CA is in every published caBundle and the API server had time to see it.
     *
     * @param reason    what is awaited
     * @param nextCheck when to look again
     */
    record WaitForBundle(String reason, Instant nextCheck) implements CertificatePlan {
        @Override
        public boolean writes() {
            return false;
        }
    }

    /**
     * Nothing usable is stored: create a CA and a serving certificate.
     *
     * @param reason what was missing or broken
     * @param repair whether something broken was replaced (rather than absent)
     */
    record Bootstrap(String reason, boolean repair) implements CertificatePlan {
    }

    /**
     * Issue a new serving certificate from the signing CA and publish {@code trust}.
     *
     * @param reason renewal, rollover step, or what was wrong with the old leaf
     * @param trust  the CAs {@code ca.crt} must hold afterwards
     * @param repair whether the old leaf was unusable
     */
    record IssueLeaf(String reason, List<X509Certificate> trust, boolean repair) implements CertificatePlan {
        /** Copies the trust list. */
        public IssueLeaf {
            trust = List.copyOf(trust);
        }
    }

    /**
     * Create a new CA and add it to {@code trust}; the current leaf keeps being served until every caBundle trusts
     * the new CA.
     *
     * @param reason due, forced, or the CA Secret was unusable
     * @param trust  the CAs trusted now, to which the new CA is appended
     * @param repair whether the CA Secret was unusable
     */
    record StartCaRollover(String reason, List<X509Certificate> trust, boolean repair) implements CertificatePlan {
        /** Copies the trust list. */
        public StartCaRollover {
            trust = List.copyOf(trust);
        }
    }

    /**
     * Rewrite {@code ca.crt} (and so the caBundles) without touching the leaf.
     *
     * @param reason what was missing or stale
     * @param trust  the CAs {@code ca.crt} must hold
     */
    record RepairTrust(String reason, List<X509Certificate> trust) implements CertificatePlan {
        /** Copies the trust list. */
        public RepairTrust {
            trust = List.copyOf(trust);
        }

        @Override
        public boolean repair() {
            return true;
        }
    }

    /**
     * Every replica serves a leaf from the new CA: the old CA leaves the trust bundle.
     *
     * @param reason how the end of the overlap was established
     * @param trust  the signing CA alone
     */
    record FinishCaRollover(String reason, List<X509Certificate> trust) implements CertificatePlan {
        /** Copies the trust list. */
        public FinishCaRollover {
            trust = List.copyOf(trust);
        }
    }
}
