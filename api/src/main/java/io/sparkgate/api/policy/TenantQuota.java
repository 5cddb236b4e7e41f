package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Limits on the Spark apps of a whole tenant, counting each app at its full demand (driver + maximum executors,
 * memory with overhead). Unset fields are unlimited.
 *
 * @param maxCores       total CPU requests, e.g. {@code 64} or {@code 500m}
 * @param maxMemory      total memory requests with overhead, e.g. {@code 256Gi}
 * @param maxExecutors   total executors
 * @param maxRunningApps apps admitted and not finished
 * @param perApp         limits on one app, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantQuota(Quantity maxCores, Quantity maxMemory, Integer maxExecutors, Integer maxRunningApps,
                          AppQuota perApp) {
}
