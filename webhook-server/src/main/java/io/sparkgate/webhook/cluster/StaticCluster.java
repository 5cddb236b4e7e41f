package io.sparkgate.webhook.cluster;

import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.webhook.apps.AppLookup;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A cluster that does not change while the server runs: the objects of an apps directory ({@code --apps-dir},
 * {@code sparkgate dev}) and the policies of a policies directory, or nothing at all. The same engine runs over
 * it as over the informer caches; reservations expire after their TTL, since no cache ever confirms them.
 *
 * @param apps        the SparkApplications
 * @param view        the Namespaces, SparkApplications, Spark pods and ResourceQuotas
 * @param policyIndex the SparkPolicies, already validated
 * @param ledger      the reservation ledger
 * @param description where the objects come from
 */
public record StaticCluster(AppLookup apps, ClusterView view, PolicyIndex policyIndex, ReservationLedger ledger,
                            String description) implements ClusterSource {

    /** No apps, an empty view and no policies: pods get only the mutations that need no app. */
    public static StaticCluster empty(String description) {
        return new StaticCluster(AppLookup.none(), ClusterView.empty(), PolicyIndex.empty(), newLedger(), description);
    }

    /** The given apps over an otherwise empty cluster, with no policies. */
    public static StaticCluster ofApps(AppLookup apps, String description) {
        return new StaticCluster(apps, ClusterView.empty(), PolicyIndex.empty(), newLedger(), description);
    }

    /** A copy with these policies. */
    public StaticCluster withPolicies(PolicyIndex policies, String from) {
        return new StaticCluster(apps, view, policies, ledger, description + "; " + policies.all().size()
                + " SparkPolicies from " + from);
    }

    @Override
    public Supplier<PolicyIndex> policies() {
        return () -> policyIndex;
    }

    @Override
    public Map<String, BooleanSupplier> caches() {
        return Map.of();
    }

    @Override
    public void close() {
        // nothing runs
    }

    static ReservationLedger newLedger() {
        return new ReservationLedger(Clock.systemUTC(), ReservationLedger.DEFAULT_TTL);
    }
}
