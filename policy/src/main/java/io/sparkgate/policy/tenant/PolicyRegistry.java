package io.sparkgate.policy.tenant;

import io.sparkgate.api.policy.SparkPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live set of SparkPolicies, fed by the caller's informer ({@code onAdd}/{@code onUpdate} →
 * {@link #upsert}, {@code onDelete} → {@link #remove}); every admission reads a consistent
 * {@link #snapshot()}, so a policy edit applies from the next admission without a restart. A policy that fails
 * validation (it reached the API server past the validating endpoint, e.g. while the webhook was down) never
 * replaces the last valid version of the same name: that one keeps working. Thread-safe.
 */
public final class PolicyRegistry {
    private final Map<String, SparkPolicy> valid = new LinkedHashMap<>();
    private volatile PolicyIndex snapshot = PolicyIndex.empty();

    /**
     * Adds or replaces a policy when it is valid.
     *
     * @return the problems found; when not empty nothing changed and the previous valid version stays in force
     */
    public synchronized List<String> upsert(SparkPolicy policy) {
        List<String> problems = SparkPolicyValidator.validate(policy);
        if (problems.isEmpty()) {
            valid.put(policy.name(), policy);
            snapshot = new PolicyIndex(valid.values());
        }
        return problems;
    }

    /** Removes the policy of that name. */
    public synchronized void remove(String name) {
        if (valid.remove(name) != null) {
            snapshot = new PolicyIndex(valid.values());
        }
    }

    /** The current policies; never changes after it is returned. */
    public PolicyIndex snapshot() {
        return snapshot;
    }
}
