package io.sparkgate.api.spark;

import io.sparkgate.api.v1beta2.SparkRole;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What one driver or executor pod of an app requests, computed from the effective Spark configuration exactly as
 * Spark fills the pod's requests: CPU from {@code spark.kubernetes.<role>.request.cores}, else
 * {@code spark.<role>.cores} (default 1); memory by {@link MemoryRule}.
 *
 * @param cpuMillis CPU request in millicores
 * @param memoryMiB memory request (heap + overhead) in MiB
 */
public record RoleDemand(long cpuMillis, long memoryMiB) {

    /** The demand of one pod of the role. */
    public static RoleDemand of(Map<String, String> conf, SparkRole role, boolean jvmApp) {
        String request = conf.get(SparkConfKeys.requestCores(role));
        long cpu;
        if (request != null) {
            cpu = cpuMillis(request, SparkConfKeys.requestCores(role));
        } else {
            String cores = conf.getOrDefault(SparkConfKeys.cores(role), "1");
            cpu = cpuMillis(cores, SparkConfKeys.cores(role));
        }
        return new RoleDemand(cpu, MemoryRule.podMemoryMiB(conf, role, jvmApp));
    }

    /**
     * Parses a CPU amount ({@code 2}, {@code 0.5}, {@code 500m}, any Kubernetes quantity) into millicores, naming
     * the field when it cannot; bounded by {@link Quantities} before any arithmetic.
     */
    public static long cpuMillis(String value, String field) {
        BigDecimal cores = Quantities.parse(value, field, "a CPU amount (e.g. 2, 0.5 or 500m)");
        if (cores.signum() <= 0) {
            throw new IllegalArgumentException(field + ": CPU must be greater than 0, was " + Quantities.quote(value));
        }
        return Quantities.millis(cores, value, field);
    }
}
