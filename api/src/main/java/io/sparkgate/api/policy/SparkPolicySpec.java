package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * What a SparkPolicy holds. Unknown fields are not ignored here on purpose: the strict reader of the policy
 * validator rejects them, as the CRD's structural schema does.
 *
 * @param namespaceSelector  the namespaces of the tenant; {@code {}} selects every namespace, required
 * @param enforcementAction  what a quota or rule violation does; {@code deny} when unset
 * @param podDefaults        pod defaults, applied in list order after the SparkApplication's own mutations
 * @param quota              the tenant quota, or null for none
 * @param rules              image and sparkConf rules, or null for none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SparkPolicySpec(LabelSelector namespaceSelector, EnforcementAction enforcementAction,
                              List<PodDefaults> podDefaults, TenantQuota quota, PolicyRules rules) {
    /** Absent lists read as empty ones. */
    public SparkPolicySpec {
        podDefaults = podDefaults == null ? List.of() : List.copyOf(podDefaults);
    }

    /** The enforcement action; {@code deny} when unset. */
    public EnforcementAction enforcementActionOrDefault() {
        return enforcementAction == null ? EnforcementAction.DENY : enforcementAction;
    }
}
