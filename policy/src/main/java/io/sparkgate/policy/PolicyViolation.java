package io.sparkgate.policy;

import io.sparkgate.api.policy.EnforcementAction;

/**
 * One breach of a SparkPolicy's quota or rules, with the action the policy takes on it.
 *
 * @param policy  the SparkPolicy's name (a bounded metric tag: admins create few policies)
 * @param rule    the rule broken, one of the {@code RULE_*} constants (a bounded metric tag)
 * @param action  what the policy does about it
 * @param message the text a denial or warning carries, naming the numbers and the policy
 */
public record PolicyViolation(String policy, String rule, EnforcementAction action, String message) {
    /** Tenant-wide quota: cores, memory, executors or running apps. */
    public static final String RULE_TENANT_QUOTA = "tenant-quota";
    /** The cluster-wide reservation of a tenant quota could not be read or committed in time. */
    public static final String RULE_QUOTA_UNCHECKED = "quota-unchecked";
    /** Per-app quota. */
    public static final String RULE_APP_QUOTA = "app-quota";
    /** Dynamic allocation without maxExecutors under a quota. */
    public static final String RULE_UNBOUNDED_EXECUTORS = "unbounded-executors";
    /** An image from a registry the policy does not allow. */
    public static final String RULE_IMAGE_REGISTRY = "image-registry";
    /** A sparkConf key the policy denies. */
    public static final String RULE_SPARK_CONF = "spark-conf";
    /** A field of the app that its schema does not declare, under {@code rules.unknownFields: deny}. */
    public static final String RULE_UNKNOWN_FIELD = "unknown-field";
    /** A control of the policy's Pod Security Standards level ({@code rules.podSecurity}). */
    public static final String RULE_POD_SECURITY = "pod-security";
    /** A service account outside {@code rules.allowedServiceAccounts}. */
    public static final String RULE_SERVICE_ACCOUNT = "service-account";
    /** {@code spec.proxyUser} under {@code rules.allowProxyUser: false}. */
    public static final String RULE_PROXY_USER = "proxy-user";
    /** An {@code envFrom} on a Spark container under {@code rules.allowUncheckedEnvFrom: false}. */
    public static final String RULE_ENV_FROM = "env-from";
    /** A namespace ResourceQuota the whole app would exceed (always denies; policy names the quota). */
    public static final String RULE_RESOURCE_QUOTA = "resource-quota";

    /** The message as a client sees it in a warning: prefixed with the action when it did not deny. */
    public String asWarning() {
        return action == EnforcementAction.DENY ? message : "[" + action.value() + "] " + message;
    }
}
