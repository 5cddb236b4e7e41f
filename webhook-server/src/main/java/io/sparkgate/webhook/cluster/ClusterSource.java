package io.sparkgate.webhook.cluster;

import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.webhook.apps.AppLookup;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the admission endpoints read about the cluster, from one place: the SparkApplications pods are
 * mutated for, the view quotas and policy selectors are computed over, the current SparkPolicies, and the
 * reservation ledger covering what the view has not caught up with. Informer caches in a cluster
 * ({@link InformerCaches}), a directory of manifests offline ({@link StaticCluster}).
 */
public interface ClusterSource extends AutoCloseable {

    /** The SparkApplications, looked up by namespace and name; never a live API call. */
    AppLookup apps();

    /** The cluster objects quota accounting and namespace selection read. */
    ClusterView view();

    /** The current valid SparkPolicies, read once per admission. */
    Supplier<PolicyIndex> policies();

    /** The reservations of admitted objects the view does not show yet; one per process. */
    ReservationLedger ledger();

    /**
     * Where tenant-quota reservations are committed cluster-wide so quotas hold across replicas; empty when this
     * process is the only one deciding (offline, or no namespace to keep them in).
     */
    default java.util.Optional<io.sparkgate.policy.quota.ReservationStore> reservationStore() {
        return java.util.Optional.empty();
    }

    /** Named conditions that must hold before admissions are answered (each cache synced); empty offline. */
    Map<String, BooleanSupplier> caches();

    /** Where the objects come from, for the startup log line. */
    String description();

    /** Stops the caches, if any. */
    @Override
    void close();
}
