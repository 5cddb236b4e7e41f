package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether and when a terminated application runs again, and how often a failed submission is retried. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestartPolicy(RestartPolicyType type, Integer onSubmissionFailureRetries, Integer onFailureRetries,
                            Long onSubmissionFailureRetryInterval, Long onFailureRetryInterval) {

    /** Never restart: kubeflow's default when no policy is given. */
    public static RestartPolicy never() {
        return new RestartPolicy(RestartPolicyType.Never, null, null, null, null);
    }

    /** The policy type, {@code Never} when unset. */
    public RestartPolicyType typeOrDefault() {
        return type == null ? RestartPolicyType.Never : type;
    }
}
