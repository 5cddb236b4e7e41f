package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Limits on one app of the tenant. Unset fields are unlimited.
 *
 * @param maxCores     CPU requests of driver + executors
 * @param maxMemory    memory requests with overhead of driver + executors
 * @param maxExecutors executors ({@code instances}, or {@code maxExecutors} under dynamic allocation)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppQuota(Quantity maxCores, Quantity maxMemory, Integer maxExecutors) {
}
