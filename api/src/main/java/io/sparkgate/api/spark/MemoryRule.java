package io.sparkgate.api.spark;

import io.sparkgate.api.v1beta2.SparkRole;
import java.util.Map;

/**
 * Spark's rule for the memory a driver or executor pod requests, from the effective Spark configuration:
 * heap + overhead, overhead = {@code memoryOverhead} if set, else max(factor × heap, minimum overhead), with the
 * factor {@code spark.<role>.memoryOverheadFactor}, else {@code spark.kubernetes.memoryOverheadFactor}, else 0.1
 * (0.4 for non-JVM apps), and, for executors, PySpark memory and enabled off-heap memory on top
 * (Spark's {@code BasicDriverFeatureStep} and {@code BasicExecutorFeatureStep}).
 */
public final class MemoryRule {
    /** Spark's default heap for a driver or executor. */
    public static final long DEFAULT_HEAP_MIB = 1024;
    /** Spark's minimum memory overhead. */
    public static final long DEFAULT_MIN_OVERHEAD_MIB = 384;
    /** The overhead factor of JVM apps. */
    public static final double JVM_FACTOR = 0.1;
    /** The overhead factor of Python and R apps. */
    public static final double NON_JVM_FACTOR = 0.4;

    private MemoryRule() {
    }

    /** The heap of the role in MiB. */
    public static long heapMiB(Map<String, String> conf, SparkRole role) {
        String heap = conf.get(SparkConfKeys.memory(role));
        return heap == null ? DEFAULT_HEAP_MIB : JavaMemory.toMiB(heap, SparkConfKeys.memory(role));
    }

    /** The overhead of the role in MiB. */
    public static long overheadMiB(Map<String, String> conf, SparkRole role, boolean jvmApp) {
        String explicit = conf.get(SparkConfKeys.memoryOverhead(role));
        if (explicit != null) {
            return JavaMemory.toMiB(explicit, SparkConfKeys.memoryOverhead(role));
        }
        double factor = factor(conf, role, jvmApp);
        String minKey = SparkConfKeys.minMemoryOverhead(role);
        long min = conf.containsKey(minKey) ? JavaMemory.toMiB(conf.get(minKey), minKey) : DEFAULT_MIN_OVERHEAD_MIB;
        return Math.max((long) (factor * heapMiB(conf, role)), min);
    }

    /** The total memory the role's pod requests, in MiB: what Spark writes into the pod's memory request. */
    public static long podMemoryMiB(Map<String, String> conf, SparkRole role, boolean jvmApp) {
        long total = heapMiB(conf, role) + overheadMiB(conf, role, jvmApp);
        if (role == SparkRole.EXECUTOR) {
            String pyspark = conf.get(SparkConfKeys.EXECUTOR_PYSPARK_MEMORY);
            if (pyspark != null && !jvmApp) {
                total += JavaMemory.toMiB(pyspark, SparkConfKeys.EXECUTOR_PYSPARK_MEMORY);
            }
            if (SparkValues.bool(conf.get(SparkConfKeys.OFF_HEAP_ENABLED), SparkConfKeys.OFF_HEAP_ENABLED, false)) {
                String offHeap = conf.getOrDefault(SparkConfKeys.OFF_HEAP_SIZE, "0");
                total += JavaMemory.toBytes(offHeap, SparkConfKeys.OFF_HEAP_SIZE, 1) / (1L << 20);
            }
        }
        return total;
    }

    private static double factor(Map<String, String> conf, SparkRole role, boolean jvmApp) {
        String key = conf.containsKey(SparkConfKeys.memoryOverheadFactor(role)) ? SparkConfKeys.memoryOverheadFactor(role)
                : conf.containsKey(SparkConfKeys.K8S_MEMORY_OVERHEAD_FACTOR) ? SparkConfKeys.K8S_MEMORY_OVERHEAD_FACTOR
                : null;
        if (key == null) {
            return jvmApp ? JVM_FACTOR : NON_JVM_FACTOR;
        }
        double f = Quantities.decimal(conf.get(key), key);
        if (!(f > 0)) {
            throw new IllegalArgumentException(key + ": must be greater than 0, was " + conf.get(key));
        }
        return f;
    }
}
