package io.sparkgate.policy.quota;

import io.sparkgate.api.spark.MemoryLimit;
import io.sparkgate.api.spark.RoleDemand;
import io.sparkgate.api.spark.SparkConfKeys;
import io.sparkgate.api.spark.SparkConfMapping;
import io.sparkgate.api.spark.SparkValues;
import io.sparkgate.api.spark.SpecResourceFields;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a SparkApplication asks for when it runs at its largest: one driver plus its maximum executors, each pod
 * sized by the same code the launcher builds pods with ({@link SparkConfMapping}, {@link RoleDemand}), so the
 * quota and the real pods agree.
 *
 * @param driver       the driver pod
 * @param executor     one executor pod
 * @param maxExecutors {@code instances} (Spark's default 2), or {@code maxExecutors} under dynamic allocation;
 *                     empty when dynamic allocation is unbounded
 */
public record AppDemand(Resources driver, Resources executor, OptionalLong maxExecutors) {
    /** Spark's executor count when neither {@code instances} nor dynamic allocation sets one. */
    public static final int DEFAULT_EXECUTORS = 2;

    /**
     * The demand of an app.
     *
     * @throws IllegalArgumentException naming the field (e.g. {@code spec.executor.memory}) when a quantity
     *                                  cannot be read
     */
    public static AppDemand of(SparkApplication app) {
        SpecResourceFields.check(app.getSpec());
        Map<String, String> conf = SparkConfMapping.effectiveConf(app);
        boolean jvm = SparkConfMapping.isJvm(app);
        AppDemand demand;
        try {
            Resources driver = role(conf, SparkRole.DRIVER, jvm, app.getSpec().driver(), "spec.driver");
            Resources executor = role(conf, SparkRole.EXECUTOR, jvm, app.getSpec().executor(), "spec.executor");
            demand = new AppDemand(driver, executor, maxExecutors(conf));
        } catch (IllegalArgumentException e) {
            // The typed fields were checked above: what is left came from sparkConf.
            throw new IllegalArgumentException("spec.sparkConf: " + e.getMessage(), e);
        }
        limitNotBelowRequest(app.getSpec().driver(), demand.driver(), "spec.driver");
        limitNotBelowRequest(app.getSpec().executor(), demand.executor(), "spec.executor");
        return demand;
    }

    /**
     * A {@code memoryLimit} under the memory Spark requests makes the API server refuse the pod (limit below request),
     * so the app is refused up front; a bare number is bytes there, as in kubeflow, a common way to fall short.
     */
    private static void limitNotBelowRequest(SparkPodSpec spec, Resources pod, String field) {
        if (spec.memoryLimit() == null) {
            return;
        }
        long limit = MemoryLimit.toMiB(spec.memoryLimit(), field + ".memoryLimit");
        if (limit < pod.memoryMiB()) {
            throw new IllegalArgumentException(field + ".memoryLimit: \"" + spec.memoryLimit() + "\" ("
                    + MemoryLimit.toQuantity(spec.memoryLimit(), field + ".memoryLimit") + ") is below the pod's memory "
                    + "request " + pod.memoryMiB() + "Mi (heap + overhead), which the API server refuses; use "
                    + MemoryLimit.ACCEPTED_FORMS);
        }
    }

    /** Whether the executor count is bounded. */
    public boolean bounded() {
        return maxExecutors.isPresent();
    }

    /** The whole app: driver + maximum executors, counted as one running app. Only for bounded apps. */
    public Resources total() {
        long n = maxExecutors.orElseThrow(() -> new IllegalStateException("unbounded dynamic allocation"));
        return driver.plus(executor.times(n)).withApps(1);
    }

    private static Resources role(Map<String, String> conf, SparkRole role, boolean jvm, SparkPodSpec spec,
                                  String field) {
        RoleDemand d = RoleDemand.of(conf, role, jvm);
        String limitKey = SparkConfKeys.limitCores(role);
        long cpuLimit = conf.containsKey(limitKey) ? Math.max(d.cpuMillis(), RoleDemand.cpuMillis(conf.get(limitKey),
                limitKey)) : d.cpuMillis();
        // Spark sets the memory limit to the request; kubeflow's memoryLimit may raise it.
        long memoryLimit = spec.memoryLimit() == null ? d.memoryMiB()
                : Math.max(d.memoryMiB(), MemoryLimit.toMiB(spec.memoryLimit(), field + ".memoryLimit"));
        return new Resources(d.cpuMillis(), d.memoryMiB(), cpuLimit, memoryLimit, role == SparkRole.EXECUTOR ? 1 : 0,
                0);
    }

    private static OptionalLong maxExecutors(Map<String, String> conf) {
        if (SparkValues.bool(conf.get(SparkConfKeys.DYNAMIC_ALLOCATION_ENABLED), SparkConfKeys.DYNAMIC_ALLOCATION_ENABLED,
                false)) {
            String max = conf.get(SparkConfKeys.DYNAMIC_ALLOCATION_MAX);
            return max == null ? OptionalLong.empty() : OptionalLong.of(count(max, SparkConfKeys.DYNAMIC_ALLOCATION_MAX));
        }
        String instances = conf.get(SparkConfKeys.EXECUTOR_INSTANCES);
        return OptionalLong.of(instances == null ? DEFAULT_EXECUTORS : count(instances, SparkConfKeys.EXECUTOR_INSTANCES));
    }

    private static long count(String value, String key) {
        long n = SparkValues.whole(value, key);
        if (n < 0) {
            throw new IllegalArgumentException(key + ": must not be negative, was " + value);
        }
        return n;
    }
}
