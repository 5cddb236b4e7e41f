package io.sparkgate.api.spark;

import io.sparkgate.api.v1beta2.SparkRole;

/** Names of the Spark configuration keys sparkgate reads or writes, per role where they come in pairs. */
public final class SparkConfKeys {
    /** The deprecated app-wide overhead factor; Spark sets it to 0.4 for Python and R apps. */
    public static final String K8S_MEMORY_OVERHEAD_FACTOR = "spark.kubernetes.memoryOverheadFactor";
    public static final String EXECUTOR_INSTANCES = "spark.executor.instances";
    public static final String DYNAMIC_ALLOCATION_ENABLED = "spark.dynamicAllocation.enabled";
    public static final String DYNAMIC_ALLOCATION_MAX = "spark.dynamicAllocation.maxExecutors";
    public static final String EXECUTOR_PYSPARK_MEMORY = "spark.executor.pyspark.memory";
    public static final String OFF_HEAP_ENABLED = "spark.memory.offHeap.enabled";
    public static final String OFF_HEAP_SIZE = "spark.memory.offHeap.size";

    private SparkConfKeys() {
    }

    /** {@code spark.driver.memory} or {@code spark.executor.memory}. */
    public static String memory(SparkRole role) {
        return "spark." + role.label() + ".memory";
    }

    /** {@code spark.<role>.memoryOverhead}. */
    public static String memoryOverhead(SparkRole role) {
        return "spark." + role.label() + ".memoryOverhead";
    }

    /** {@code spark.<role>.memoryOverheadFactor} (Spark 3.3 and later). */
    public static String memoryOverheadFactor(SparkRole role) {
        return "spark." + role.label() + ".memoryOverheadFactor";
    }

    /** {@code spark.<role>.minMemoryOverhead} (Spark 4.0 and later; 384 MiB by default). */
    public static String minMemoryOverhead(SparkRole role) {
        return "spark." + role.label() + ".minMemoryOverhead";
    }

    /** {@code spark.<role>.cores}. */
    public static String cores(SparkRole role) {
        return "spark." + role.label() + ".cores";
    }

    /** {@code spark.kubernetes.<role>.request.cores}. */
    public static String requestCores(SparkRole role) {
        return "spark.kubernetes." + role.label() + ".request.cores";
    }

    /** {@code spark.kubernetes.<role>.limit.cores}. */
    public static String limitCores(SparkRole role) {
        return "spark.kubernetes." + role.label() + ".limit.cores";
    }
}
