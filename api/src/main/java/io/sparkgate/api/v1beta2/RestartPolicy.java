package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether and when a terminated application runs again, and how often a failed submission is retried.
 * {@code recovery} is kubeflow's newer fenced restart (its alpha {@code FencedRestart} feature gate: an external
 * epoch store and an injected recovery agent); it is kept schemaless so a manifest carrying it is stored whole,
 * and it is not read: admission warns that the app restarts as {@code type} alone says.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestartPolicy(RestartPolicyType type, Integer onSubmissionFailureRetries, Integer onFailureRetries,
                            Long onSubmissionFailureRetryInterval, Long onFailureRetryInterval, JsonNode recovery) {

    /** Never restart: kubeflow's default when no policy is given. */
    public static RestartPolicy never() {
        return new RestartPolicy(RestartPolicyType.Never, null, null, null, null, null);
    }

    /** The policy type, {@code Never} when unset. */
    public RestartPolicyType typeOrDefault() {
        return type == null ? RestartPolicyType.Never : type;
    }
}
