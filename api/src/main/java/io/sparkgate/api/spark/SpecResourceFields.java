package io.sparkgate.api.spark;

import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;

/**
 * The one check of a SparkApplication's typed resource fields, shared by the launcher (which refuses to submit) and
 * quota accounting (which denies), so both name the same field with the same words.
 */
public final class SpecResourceFields {
    private SpecResourceFields() {
    }

    /**
     * Checks every typed resource field of the spec (cores, CPU and memory amounts, executor count, overhead factor).
     *
     * @throws IllegalArgumentException {@code "<spec field>: <problem>"}, naming the spec field rather than the Spark
     *                                  key it maps to
     */
    public static void check(SparkApplicationSpec spec) {
        for (SparkRole role : SparkRole.values()) {
            SparkPodSpec pod = spec.role(role);
            String field = "spec." + role.label();
            if (pod.cores() != null && pod.cores() <= 0) {
                throw new IllegalArgumentException(field + ".cores: must be greater than 0, was " + pod.cores());
            }
            if (pod.coreRequest() != null) {
                RoleDemand.cpuMillis(pod.coreRequest(), field + ".coreRequest");
            }
            if (pod.coreLimit() != null) {
                RoleDemand.cpuMillis(pod.coreLimit(), field + ".coreLimit");
            }
            if (pod.memory() != null) {
                JavaMemory.toMiB(pod.memory(), field + ".memory");
            }
            if (pod.memoryOverhead() != null) {
                JavaMemory.toMiB(pod.memoryOverhead(), field + ".memoryOverhead");
            }
            if (pod.memoryLimit() != null) {
                MemoryLimit.toQuantity(pod.memoryLimit(), field + ".memoryLimit");
            }
        }
        if (spec.executor().instances() != null && spec.executor().instances() < 0) {
            throw new IllegalArgumentException("spec.executor.instances: must not be negative, was "
                    + spec.executor().instances());
        }
        String factor = spec.memoryOverheadFactor();
        if (factor != null) {
            if (!(Quantities.decimal(factor, "spec.memoryOverheadFactor") > 0)) {
                throw new IllegalArgumentException("spec.memoryOverheadFactor: must be greater than 0, was " + factor);
            }
        }
    }
}
