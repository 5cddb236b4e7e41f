package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Honours a namespace's ResourceQuotas for a whole app, which Kubernetes itself only checks pod by pod (so an
 * app could start its driver and then starve for executors). Keys {@code cpu}/{@code requests.cpu},
 * {@code memory}/{@code requests.memory}, {@code limits.cpu} and {@code limits.memory} are each compared
 * once, against: what non-Spark pods use (the quota's {@code status.used} less the live Spark pods it includes)
 * plus the Spark usage sparkgate counts (apps at full demand).
 */
public final class ResourceQuotaCheck {
    private static final Map<String, ToLongFunction<Resources>> KEYS = Map.of(
            "cpu", Resources::cpuMillis, "requests.cpu", Resources::cpuMillis, "limits.cpu", Resources::cpuLimitMillis,
            "memory", Resources::memoryMiB, "requests.memory", Resources::memoryMiB,
            "limits.memory", Resources::memoryLimitMiB);

    private ResourceQuotaCheck() {
    }

    /**
     * The ResourceQuota keys the object would exceed, one message each.
     *
     * @param subject    e.g. {@code app team-a/etl-daily}
     * @param sparkOther the namespace's Spark usage without the object's own share
     * @param livePods   the requests of the namespace's live Spark pods (included in {@code status.used})
     * @param after      what the object counts once admitted
     * @param before     what it counted before (zero on create): only keys that grow are checked
     */
    public static List<String> check(Collection<ResourceQuota> quotas, String subject, Resources sparkOther,
                                     Resources livePods, Resources after, Resources before) {
        List<String> out = new ArrayList<>();
        for (ResourceQuota rq : quotas) {
            Map<String, Quantity> hard = rq.getSpec() == null || rq.getSpec().getHard() == null ? Map.of()
                    : rq.getSpec().getHard();
            Map<String, Quantity> used = rq.getStatus() == null || rq.getStatus().getUsed() == null ? Map.of()
                    : rq.getStatus().getUsed();
            for (String key : hard.keySet().stream().sorted().toList()) {
                ToLongFunction<Resources> get = KEYS.get(key);
                if (get == null || get.applyAsLong(after) <= get.applyAsLong(before)) {
                    continue;
                }
                boolean cpu = key.endsWith("cpu");
                long max = amount(hard.get(key), cpu);
                long usedAll = used.containsKey(key) ? amount(used.get(key), cpu) : 0;
                long nonSpark = Math.max(0, usedAll - get.applyAsLong(livePods));
                long left = Math.max(0, max - nonSpark - get.applyAsLong(sparkOther));
                long need = get.applyAsLong(after);
                if (need > left) {
                    out.add(subject + " needs " + say(need, cpu) + " of " + key + "; ResourceQuota "
                            + rq.getMetadata().getNamespace() + "/" + rq.getMetadata().getName() + " has "
                            + say(left, cpu) + " of " + say(max, cpu) + " left");
                }
            }
        }
        return out;
    }

    private static long amount(Quantity q, boolean cpu) {
        try {
            return cpu ? Amounts.cpuMillis(q, "") : Amounts.memoryMiB(q, "");
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Long.MAX_VALUE / 4; // the API server validated it; an unreadable value must not deny everything
        }
    }

    private static String say(long v, boolean cpu) {
        return cpu ? Amounts.cores(v) + (v == 1000 ? " core" : " cores") : Amounts.memory(v);
    }
}
