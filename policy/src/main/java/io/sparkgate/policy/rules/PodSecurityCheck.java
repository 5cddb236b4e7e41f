package io.sparkgate.policy.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.sparkgate.api.policy.PodSecurityLevel;
import io.sparkgate.api.policy.PolicyRules;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.policy.PolicyViolation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SparkPolicy's {@code rules.podSecurity}, {@code rules.allowedServiceAccounts}, {@code rules.allowProxyUser} and
 * {@code rules.allowUncheckedEnvFrom} applied to an app (every role, template, sidecar, init container and volume)
 * and to the final Spark pod (every container, init and ephemeral container, the pod's securityContext, volumes,
 * service account, and the Spark container's {@code envFrom}).
 */
public final class PodSecurityCheck {
    /** The service account a pod runs as when none is named (set by the API server's ServiceAccount admission). */
    static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private PodSecurityCheck() {
    }

    /** The violations of an app's spec (or a schedule's template) under {@code field}. */
    public static List<PolicyViolation> app(SparkPolicy policy, SparkApplicationSpec spec, String field) {
        PolicyRules rules = policy.getSpec().rules();
        if (rules == null) {
            return List.of();
        }
        List<PolicyViolation> out = new ArrayList<>();
        Set<String> findings = new LinkedHashSet<>();
        for (SparkRole role : SparkRole.values()) {
            findings.addAll(PodSecurityStandards.check(rules.podSecurityLevel(), PodShape.of(spec, role, field)));
        }
        findings.addAll(SparkConfPodSettings.check(rules.podSecurityLevel(), spec.sparkConf(), field));
        findings.forEach(f -> out.add(podSecurity(policy, rules.podSecurityLevel(), f)));
        if (!rules.allowedServiceAccounts().isEmpty()) {
            appServiceAccounts(policy, rules, spec, field, out);
        }
        if (!rules.uncheckedEnvFromAllowed()) {
            for (SparkRole role : SparkRole.values()) {
                String f = field + "." + role.label();
                envFrom(policy, spec.role(role).envFrom(), f + ".envFrom", out);
                Container template = SparkConfSources.sparkTemplateContainer(spec.role(role));
                if (template != null) {
                    envFrom(policy, template.getEnvFrom(), f + ".template.spec.containers[0].envFrom", out);
                }
            }
        }
        if (!rules.proxyUserAllowed() && spec.proxyUser() != null && !spec.proxyUser().isEmpty()) {
            out.add(violation(policy, PolicyViolation.RULE_PROXY_USER, field + ".proxyUser: impersonating \""
                    + spec.proxyUser() + "\" is not allowed (SparkPolicy " + policy.name() + ", rules.allowProxyUser: "
                    + "false)"));
        }
        if (!rules.proxyUserAllowed()) {
            ProxyUserSideDoors.app(spec, field).forEach(f -> out.add(proxyUser(policy, f)));
        }
        return out;
    }

    /** The violations of a Spark pod. */
    public static List<PolicyViolation> pod(SparkPolicy policy, Pod pod) {
        PolicyRules rules = policy.getSpec().rules();
        if (rules == null || pod.getSpec() == null) {
            return List.of();
        }
        PodSpec spec = pod.getSpec();
        List<PolicyViolation> out = new ArrayList<>();
        PodSecurityStandards.check(rules.podSecurityLevel(), PodShape.of(pod.getMetadata(), spec, "spec", "metadata"))
                .forEach(f -> out.add(podSecurity(policy, rules.podSecurityLevel(), f)));
        if (!rules.allowedServiceAccounts().isEmpty()) {
            String sa = spec.getServiceAccountName() != null && !spec.getServiceAccountName().isEmpty()
                    ? spec.getServiceAccountName() : spec.getServiceAccount();
            serviceAccount(policy, rules, "spec.serviceAccountName", sa, out);
        }
        if (!rules.uncheckedEnvFromAllowed()) {
            List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
            int spark = sparkContainer(containers);
            if (spark >= 0) {
                envFrom(policy, containers.get(spark).getEnvFrom(), "spec.containers[" + spark + "].envFrom", out);
            }
        }
        if (!rules.proxyUserAllowed()) {
            // Spark passes spec.proxyUser to the driver as spark-submit's --proxy-user argument.
            List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
            for (int i = 0; i < containers.size(); i++) {
                List<String> args = containers.get(i).getArgs();
                if (args != null && args.stream().anyMatch(a -> a.equals("--proxy-user")
                        || a.startsWith("--proxy-user="))) {
                    out.add(violation(policy, PolicyViolation.RULE_PROXY_USER, "spec.containers[" + i + "].args: "
                            + "--proxy-user is not allowed (SparkPolicy " + policy.name()
                            + ", rules.allowProxyUser: false)"));
                }
            }
            ProxyUserSideDoors.pod(spec).forEach(f -> out.add(proxyUser(policy, f)));
        }
        return out;
    }

    private static void appServiceAccounts(SparkPolicy policy, PolicyRules rules, SparkApplicationSpec spec,
                                           String field, List<PolicyViolation> out) {
        String driver = spec.driver().serviceAccount();
        String executor = spec.executor().serviceAccount();
        // Spark runs executors as the driver's service account unless the executor names one.
        serviceAccount(policy, rules, field + ".driver.serviceAccount", blankToNull(driver), out);
        if (blankToNull(executor) != null) {
            serviceAccount(policy, rules, field + ".executor.serviceAccount", executor, out);
        }
        for (SparkRole role : SparkRole.values()) {
            PodTemplateSpec t = spec.role(role).template();
            if (t != null && t.getSpec() != null) {
                String f = field + "." + role.label() + ".template.spec";
                if (blankToNull(t.getSpec().getServiceAccountName()) != null) {
                    serviceAccount(policy, rules, f + ".serviceAccountName", t.getSpec().getServiceAccountName(), out);
                }
                if (blankToNull(t.getSpec().getServiceAccount()) != null) {
                    serviceAccount(policy, rules, f + ".serviceAccount", t.getSpec().getServiceAccount(), out);
                }
            }
        }
    }

    private static void serviceAccount(SparkPolicy policy, PolicyRules rules, String field, String name,
                                       List<PolicyViolation> out) {
        String effective = blankToNull(name) == null ? DEFAULT_SERVICE_ACCOUNT : name;
        if (!rules.allowedServiceAccounts().contains(effective)) {
            out.add(violation(policy, PolicyViolation.RULE_SERVICE_ACCOUNT, field + ": service account \"" + effective
                    + "\"" + (blankToNull(name) == null ? " (the namespace default, as none is set)" : "")
                    + " is not one SparkPolicy " + policy.name() + " allows ("
                    + String.join(", ", rules.allowedServiceAccounts()) + ")"));
        }
    }

    /** The Spark container of a Spark pod: the one Spark names, else the first; -1 for none. */
    private static int sparkContainer(List<Container> containers) {
        for (int i = 0; i < containers.size(); i++) {
            String name = containers.get(i).getName();
            if ("spark-kubernetes-driver".equals(name) || "spark-kubernetes-executor".equals(name)) {
                return i;
            }
        }
        return containers.isEmpty() ? -1 : 0;
    }

    private static void envFrom(SparkPolicy policy, List<EnvFromSource> sources, String field,
                                List<PolicyViolation> out) {
        for (int i = 0; sources != null && i < sources.size(); i++) {
            EnvFromSource source = sources.get(i);
            if (source != null && SparkConfSources.envFromCanSetCheckedVariables(source.getPrefix())) {
                String from = source.getSecretRef() != null ? "Secret \"" + source.getSecretRef().getName() + "\""
                        : source.getConfigMapRef() != null ? "ConfigMap \"" + source.getConfigMapRef().getName() + "\""
                        : "its source";
                out.add(violation(policy, PolicyViolation.RULE_ENV_FROM, field + "[" + i + "]: importing every "
                        + "variable of " + from + (source.getPrefix() == null || source.getPrefix().isEmpty() ? ""
                        : " under prefix \"" + source.getPrefix() + "\"") + " is not allowed: it could set JVM "
                        + "options (JAVA_TOOL_OPTIONS, SPARK_JAVA_OPT_*, ...) or conf directories sparkgate cannot "
                        + "check; name the variables in env, or give a prefix such as APP_ (SparkPolicy "
                        + policy.name() + ", rules.allowUncheckedEnvFrom: false)"));
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static PolicyViolation podSecurity(SparkPolicy policy, PodSecurityLevel level, String finding) {
        return violation(policy, PolicyViolation.RULE_POD_SECURITY, finding + " at Pod Security level \""
                + level.value() + "\" (SparkPolicy " + policy.name() + ")");
    }

    private static PolicyViolation proxyUser(SparkPolicy policy, String finding) {
        return violation(policy, PolicyViolation.RULE_PROXY_USER, finding + " (SparkPolicy " + policy.name()
                + ", rules.allowProxyUser: false)");
    }

    private static PolicyViolation violation(SparkPolicy policy, String rule, String message) {
        return new PolicyViolation(policy.name(), rule, policy.getSpec().enforcementActionOrDefault(), message);
    }
}
