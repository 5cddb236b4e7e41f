package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkgate.api.policy.AppQuota;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.policy.TenantQuota;
import io.sparkgate.policy.PolicyViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Compares what an object adds to a tenant with a SparkPolicy's quota, and says in numbers what does not fit:
 * {@code app etl needs 12 cores; tenant team-a (SparkPolicy team-a) has 4 of 16 left}.
 */
public final class QuotaCheck {
    private QuotaCheck() {
    }

    /** One quota dimension: how to read it from an amount, and how to say it. */
    private enum Dimension {
        CORES(Resources::cpuMillis, Amounts::cores, "cores"),
        MEMORY(Resources::memoryMiB, Amounts::memory, "of memory"),
        EXECUTORS(Resources::executors, Long::toString, "executors"),
        APPS(Resources::apps, Long::toString, "running apps");

        final ToLongFunction<Resources> get;
        final java.util.function.LongFunction<String> format;
        final String unit;

        Dimension(ToLongFunction<Resources> get, java.util.function.LongFunction<String> format, String unit) {
            this.get = get;
            this.format = format;
            this.unit = unit;
        }

        String say(long v) {
            boolean one = this == CORES ? v == 1000 : v == 1;
            return format.apply(v) + " " + (one && this != MEMORY ? unit.substring(0, unit.length() - 1) : unit);
        }
    }

    /**
     * The per-app limits the app's whole demand breaks.
     *
     * @param subject e.g. {@code app team-a/etl-daily}
     * @param demand  the app's demand (driver + maximum executors)
     */
    public static List<PolicyViolation> perApp(SparkPolicy policy, String subject, Resources demand) {
        TenantQuota q = policy.getSpec().quota();
        AppQuota a = q == null ? null : q.perApp();
        if (a == null) {
            return List.of();
        }
        List<PolicyViolation> out = new ArrayList<>();
        perApp(policy, subject, Dimension.CORES, demand, limit(a.maxCores(), true), out);
        perApp(policy, subject, Dimension.MEMORY, demand, limit(a.maxMemory(), false), out);
        perApp(policy, subject, Dimension.EXECUTORS, demand, a.maxExecutors() == null ? -1 : a.maxExecutors(), out);
        return out;
    }

    private static void perApp(SparkPolicy policy, String subject, Dimension d, Resources demand, long max,
                               List<PolicyViolation> out) {
        long need = d.get.applyAsLong(demand);
        if (max >= 0 && need > max) {
            out.add(new PolicyViolation(policy.name(), PolicyViolation.RULE_APP_QUOTA,
                    policy.getSpec().enforcementActionOrDefault(), subject + " needs " + d.say(need)
                    + "; SparkPolicy " + policy.name() + " allows at most " + d.format.apply(max) + " per app"));
        }
    }

    /**
     * The tenant limits an object breaks.
     *
     * @param subject  e.g. {@code app team-a/etl-daily}, or {@code pod team-a/x (executor of app etl-daily)}
     * @param others   the tenant's usage without the object's own current share
     * @param after    what the object counts once admitted
     * @param before   what it counted before (zero on create): only dimensions that grow are checked
     */
    public static List<PolicyViolation> tenant(SparkPolicy policy, String subject, Resources others, Resources after,
                                               Resources before) {
        TenantQuota q = policy.getSpec().quota();
        if (q == null) {
            return List.of();
        }
        List<PolicyViolation> out = new ArrayList<>();
        tenant(policy, subject, Dimension.CORES, others, after, before, limit(q.maxCores(), true), out);
        tenant(policy, subject, Dimension.MEMORY, others, after, before, limit(q.maxMemory(), false), out);
        tenant(policy, subject, Dimension.EXECUTORS, others, after, before,
                q.maxExecutors() == null ? -1 : q.maxExecutors(), out);
        tenant(policy, subject, Dimension.APPS, others, after, before,
                q.maxRunningApps() == null ? -1 : q.maxRunningApps(), out);
        return out;
    }

    private static void tenant(SparkPolicy policy, String subject, Dimension d, Resources others, Resources after,
                               Resources before, long max, List<PolicyViolation> out) {
        long need = d.get.applyAsLong(after);
        if (max < 0 || need <= d.get.applyAsLong(before)) {
            return;
        }
        long left = Math.max(0, max - d.get.applyAsLong(others));
        if (need > left) {
            out.add(new PolicyViolation(policy.name(), PolicyViolation.RULE_TENANT_QUOTA,
                    policy.getSpec().enforcementActionOrDefault(), subject + " needs " + d.say(need) + "; tenant "
                    + policy.name() + " (SparkPolicy " + policy.name() + ") has " + d.format.apply(left) + " of "
                    + d.format.apply(max) + " left"));
        }
    }

    /** A validated policy quantity in millicores or MiB; -1 when unset (unlimited). */
    private static long limit(Quantity q, boolean cpu) {
        if (q == null) {
            return -1;
        }
        return cpu ? Amounts.cpuMillis(q, "maxCores") : Amounts.memoryMiB(q, "maxMemory");
    }
}
