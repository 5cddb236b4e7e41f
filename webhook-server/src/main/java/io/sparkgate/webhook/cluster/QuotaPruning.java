package io.sparkgate.webhook.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.QuotaCommit;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic clean-up of the cluster-wide quota reservations: each replica, every period, drops the expired and
 * hand-edited entries of every SparkPolicy's reservation object ({@link QuotaCommit#prune}), so they leave the
 * object even when no admission writes it. Usage itself is never stored: every decision recomputes it from the
 * caches. Runs on a thread of its own, never on an event loop or an admission worker. A failing API server is
 * logged once when the failures start and once when they end.
 */
public final class QuotaPruning implements AutoCloseable {
    /** Entries removed from reservation objects by the periodic clean-up. */
    public static final String PRUNED = "sparkgate.policy.quota.pruned";
    private static final Logger LOG = LoggerFactory.getLogger(QuotaPruning.class);

    private final QuotaCommit commit;
    private final ClusterSource cluster;
    private final Counter pruned;
    private final ScheduledExecutorService timer;
    private boolean failing;

    private QuotaPruning(QuotaCommit commit, ClusterSource cluster, MeterRegistry registry) {
        this.commit = Objects.requireNonNull(commit, "commit");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.pruned = Counter.builder(PRUNED).description("Quota reservation entries removed by the periodic "
                + "clean-up (expired or edited by hand)").register(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkgate-quota-prune");
            t.setDaemon(true);
            return t;
        });
    }

    /** Prunes every {@code every} until closed. */
    public static QuotaPruning start(QuotaCommit commit, ClusterSource cluster, Duration every,
                                     MeterRegistry registry) {
        QuotaPruning p = new QuotaPruning(commit, cluster, registry);
        p.timer.scheduleWithFixedDelay(p::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    /** One round over every policy with a quota; failures are logged, the next round tries again. */
    void runOnce() {
        try {
            for (SparkPolicy policy : cluster.policies().get().all()) {
                if (policy.getSpec().quota() != null) {
                    pruned.increment(commit.prune(policy.name()));
                }
            }
            if (failing) {
                failing = false;
                LOG.info("quota reservations reconciled again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("reconciling quota reservations failed, retrying every round: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
