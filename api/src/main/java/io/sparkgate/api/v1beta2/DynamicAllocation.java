package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Spark dynamic allocation settings; {@code maxExecutors} bounds what the app may ask for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DynamicAllocation(boolean enabled, Integer initialExecutors, Integer minExecutors, Integer maxExecutors,
                                Long shuffleTrackingTimeout) {
}
