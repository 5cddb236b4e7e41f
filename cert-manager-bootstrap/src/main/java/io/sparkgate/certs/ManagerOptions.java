package io.sparkgate.certs;

import java.time.Duration;

/**
 * How a {@link CertificateManager} runs.
 *
 * @param mode          whether this process writes certificates or only reads what another issuer writes
 * @param identity      this replica's name in the Lease and in Events (the pod name)
 * @param leaseName     the Lease the writers elect their leader with
 * @param leaseDuration how long a leader's lease lasts without renewal
 * @param renewDeadline how long the leader tries to renew before giving up leadership
 * @param retryPeriod   how often candidates try to acquire the lease
 * @param resync        the longest time between two checks of the certificates
 */
public record ManagerOptions(Mode mode, String identity, String leaseName, Duration leaseDuration,
                             Duration renewDeadline, Duration retryPeriod, Duration resync) {

    /** Who issues the certificates. */
    public enum Mode {
        /** sparkgate issues, renews and rotates; one replica, elected by a Lease, writes. */
        MANAGED,
        /** cert-manager or a user-provided Secret: sparkgate only reads, validates and reloads. */
        EXTERNAL
    }

    /** Kubernetes' usual leader election timings (15 s / 10 s / 2 s) and a five-minute resync. */
    public static ManagerOptions of(Mode mode, String identity, String leaseName) {
        return new ManagerOptions(mode, identity, leaseName, Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2), Duration.ofMinutes(5));
    }

    /** A copy with other leader election timings. */
    public ManagerOptions withElection(Duration lease, Duration renew, Duration retry) {
        return new ManagerOptions(mode, identity, leaseName, lease, renew, retry, resync);
    }
}
