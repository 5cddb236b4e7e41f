package io.sparkgate.policy.tenant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.Json;
import io.sparkgate.api.LabelSelectors;
import io.sparkgate.api.policy.AppQuota;
import io.sparkgate.api.policy.PodDefaults;
import io.sparkgate.api.policy.PolicyRules;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.policy.SparkPolicySpec;
import io.sparkgate.api.policy.TenantQuota;
import io.sparkgate.policy.ObjectReading;
import io.sparkgate.policy.quota.Amounts;
import io.sparkgate.policy.rules.ImageRegistries;
import io.sparkgate.policy.rules.SparkConfRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a SparkPolicy as a whole before it may take effect: the strict reading of the manifest (unknown fields,
 * bad enums) and every value (selector, quotas, rules, pod defaults). The same checks back the validating
 * endpoint for policies and the {@link PolicyRegistry}, so a policy is applied whole or not at all.
 */
public final class SparkPolicyValidator {
    private static final ObjectMapper STRICT = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> TOLERATION_OPERATORS = Set.of("Exists", "Equal");
    private static final Set<String> TAINT_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private SparkPolicyValidator() {
    }

    /**
     * Reads a policy manifest strictly.
     *
     * @throws IllegalArgumentException naming the field when the manifest has an unknown field, a bad enum value
     *                                  or a value of the wrong type
     */
    public static SparkPolicy read(JsonNode manifest) {
        return ObjectReading.read(STRICT, manifest, SparkPolicy.class);
    }

    /** The problems of a manifest, strict reading included; empty when it may be applied. */
    public static List<String> validate(JsonNode manifest) {
        SparkPolicy policy;
        try {
            policy = read(manifest);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        return validate(policy);
    }

    /** The problems of a policy's values; empty when it may be applied. */
    public static List<String> validate(SparkPolicy policy) {
        List<String> problems = new ArrayList<>();
        String name = policy.name();
        if (name == null || name.isEmpty() || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            problems.add("metadata.name: \"" + name + "\" must be a DNS subdomain (lower-case letters, digits, '-' "
                    + "and '.')");
        }
        SparkPolicySpec spec = policy.getSpec();
        if (spec == null) {
            problems.add("spec: required");
            return problems;
        }
        if (spec.namespaceSelector() == null) {
            problems.add("spec.namespaceSelector: required; use {} to select every namespace");
        } else {
            problems.addAll(LabelSelectors.validate(spec.namespaceSelector(), "spec.namespaceSelector"));
        }
        quota(spec.quota(), problems);
        rules(spec.rules(), problems);
        for (int i = 0; i < spec.podDefaults().size(); i++) {
            podDefaults(spec.podDefaults().get(i), "spec.podDefaults[" + i + "]", problems);
        }
        return problems;
    }

    private static void quota(TenantQuota q, List<String> problems) {
        if (q == null) {
            return;
        }
        cores(q.maxCores(), "spec.quota.maxCores", problems);
        memory(q.maxMemory(), "spec.quota.maxMemory", problems);
        count(q.maxExecutors(), "spec.quota.maxExecutors", problems);
        count(q.maxRunningApps(), "spec.quota.maxRunningApps", problems);
        AppQuota a = q.perApp();
        if (a != null) {
            cores(a.maxCores(), "spec.quota.perApp.maxCores", problems);
            memory(a.maxMemory(), "spec.quota.perApp.maxMemory", problems);
            count(a.maxExecutors(), "spec.quota.perApp.maxExecutors", problems);
        }
    }

    private static void cores(Quantity q, String field, List<String> problems) {
        check(q, field, problems, x -> Amounts.cpuMillis(x, field));
    }

    private static void memory(Quantity q, String field, List<String> problems) {
        check(q, field, problems, x -> Amounts.memoryMiB(x, field));
    }

    private static void check(Quantity q, String field, List<String> problems, Function<Quantity, Long> parse) {
        if (q == null) {
            return;
        }
        try {
            parse.apply(q);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(e instanceof IllegalArgumentException ? e.getMessage()
                    : field + ": \"" + q + "\" is out of range");
        }
    }

    private static void count(Integer n, String field, List<String> problems) {
        if (n != null && n < 0) {
            problems.add(field + ": must not be negative, was " + n);
        }
    }

    private static void rules(PolicyRules rules, List<String> problems) {
        if (rules == null) {
            return;
        }
        for (int i = 0; i < rules.allowedImageRegistries().size(); i++) {
            String p = ImageRegistries.checkEntry(rules.allowedImageRegistries().get(i));
            if (p != null) {
                problems.add("spec.rules.allowedImageRegistries[" + i + "]: " + p);
            }
        }
        if (rules.podSecurity() != null && rules.podSecurity().level() == null) {
            problems.add("spec.rules.podSecurity.level: required, one of privileged, baseline, restricted");
        }
        for (int i = 0; i < rules.allowedServiceAccounts().size(); i++) {
            String sa = rules.allowedServiceAccounts().get(i);
            if (sa == null || sa.isEmpty() || sa.length() > 253 || !DNS_SUBDOMAIN.matcher(sa).matches()) {
                problems.add("spec.rules.allowedServiceAccounts[" + i + "]: \"" + sa + "\" must be a service account "
                        + "name (a DNS subdomain: lower-case letters, digits, '-' and '.')");
            }
        }
        for (int i = 0; i < rules.deniedSparkConf().size(); i++) {
            String p = SparkConfRules.checkPattern(rules.deniedSparkConf().get(i));
            if (p != null) {
                problems.add("spec.rules.deniedSparkConf[" + i + "]: " + p);
            }
        }
    }

    private static void podDefaults(PodDefaults d, String field, List<String> problems) {
        labels(d.labels(), field + ".labels", problems);
        labels(d.nodeSelector(), field + ".nodeSelector", problems);
        for (int i = 0; i < d.tolerations().size(); i++) {
            Toleration t = d.tolerations().get(i);
            String f = field + ".tolerations[" + i + "]";
            if (t.getOperator() != null && !TOLERATION_OPERATORS.contains(t.getOperator())) {
                problems.add(f + ".operator: \"" + t.getOperator() + "\" is not one of Exists, Equal");
            }
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !TAINT_EFFECTS.contains(t.getEffect())) {
                problems.add(f + ".effect: \"" + t.getEffect() + "\" is not one of NoSchedule, PreferNoSchedule, "
                        + "NoExecute");
            }
            if ("Exists".equals(t.getOperator()) && t.getValue() != null && !t.getValue().isEmpty()) {
                problems.add(f + ".value: must be empty when operator is Exists");
            }
        }
        unique(d.volumes(), Volume::getName, field + ".volumes", "name", problems);
        unique(d.volumeMounts(), VolumeMount::getMountPath, field + ".volumeMounts", "mountPath", problems);
        for (int i = 0; i < d.volumeMounts().size(); i++) {
            if (d.volumeMounts().get(i).getName() == null) {
                problems.add(field + ".volumeMounts[" + i + "].name: required");
            }
        }
        unique(d.env(), EnvVar::getName, field + ".env", "name", problems);
        for (int i = 0; i < d.imagePullSecrets().size(); i++) {
            if (d.imagePullSecrets().get(i) == null || d.imagePullSecrets().get(i).isBlank()) {
                problems.add(field + ".imagePullSecrets[" + i + "]: must not be empty");
            }
        }
    }

    private static void labels(Map<String, String> labels, String field, List<String> problems) {
        if (!labels.isEmpty()) {
            problems.addAll(LabelSelectors.validate(new io.fabric8.kubernetes.api.model.LabelSelector(null, labels),
                    field).stream().map(p -> p.replace(field + ".matchLabels", field)).toList());
        }
    }

    private static <T> void unique(List<T> items, Function<T, String> key, String field, String what,
                                   List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String k = key.apply(items.get(i));
            if (k == null || k.isEmpty()) {
                problems.add(field + "[" + i + "]." + what + ": required");
            } else if (!seen.add(k)) {
                problems.add(field + "[" + i + "]." + what + ": \"" + k + "\" appears twice");
            }
        }
    }
}
