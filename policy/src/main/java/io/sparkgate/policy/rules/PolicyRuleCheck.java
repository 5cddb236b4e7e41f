package io.sparkgate.policy.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.sparkgate.api.policy.PolicyRules;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.policy.UnknownFieldAction;
import io.sparkgate.api.schema.StructuralSchema;
import io.sparkgate.api.spark.SparkConfMapping;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.policy.PolicyViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A SparkPolicy's own rules (allowed image registries, denied sparkConf keys) applied to an app or a pod. */
public final class PolicyRuleCheck {
    private PolicyRuleCheck() {
    }

    /** The violations of an app's spec (or a schedule's template) under {@code field}. */
    public static List<PolicyViolation> app(SparkPolicy policy, SparkApplicationSpec spec, String field) {
        PolicyRules rules = policy.getSpec().rules();
        if (rules == null) {
            return List.of();
        }
        List<PolicyViolation> out = new ArrayList<>();
        images(policy, rules, appImages(spec, field), out);
        if (rules.deniedSparkConf().isEmpty()) {
            return out; // most policies deny no key: the app's conf sources need not be gathered for them
        }
        // sparkConf, and every side door that sets the same keys (-D options, JVM option variables)
        for (SparkConfSources.Setting s : SparkConfSources.settings(spec, field)) {
            deniedConf(policy, rules, s.key(), s.key(), s.field(), out);
        }
        // hadoopConf reaches Spark as spark.hadoop.<key>: a deny of spark.hadoop.* must not be bypassed through it.
        spec.hadoopConf().keySet().forEach(key -> deniedConf(policy, rules, key, SparkConfMapping.hadoopKey(key),
                field + ".hadoopConf[\"" + key + "\"]", out));
        return out;
    }

    private static void deniedConf(SparkPolicy policy, PolicyRules rules, String key, String sparkKey, String field,
                                   List<PolicyViolation> out) {
        rules.deniedSparkConf().stream().filter(p -> SparkConfRules.covers(p, sparkKey)).findFirst()
                .ifPresent(p -> out.add(violation(policy, PolicyViolation.RULE_SPARK_CONF, field + ": "
                        + (key.equals(sparkKey) ? "" : "(" + sparkKey + ") ") + "denied by SparkPolicy "
                        + policy.name() + " (" + p + ")")));
    }

    /**
     * The violations of a policy whose {@code rules.unknownFields} is {@code deny}: one per field the schema does
     * not declare, naming it (the warnings for them are given whatever the policy says).
     */
    public static List<PolicyViolation> unknownFields(SparkPolicy policy, List<StructuralSchema.UnknownField> unknown) {
        PolicyRules rules = policy.getSpec().rules();
        if (rules == null || rules.unknownFields() != UnknownFieldAction.DENY || unknown.isEmpty()) {
            return List.of();
        }
        List<PolicyViolation> out = new ArrayList<>();
        for (StructuralSchema.UnknownField u : unknown) {
            out.add(violation(policy, PolicyViolation.RULE_UNKNOWN_FIELD, u.path() + ": unknown field"
                    + (u.suggestion() == null ? "" : " (did you mean \"" + u.suggestion() + "\"?)")
                    + ", refused by SparkPolicy " + policy.name() + " (rules.unknownFields: deny)"));
        }
        return out;
    }

    /** The violations of a pod's images: containers, init containers and ephemeral containers. */
    public static List<PolicyViolation> pod(SparkPolicy policy, PodSpec spec) {
        PolicyRules rules = policy.getSpec().rules();
        if (rules == null || spec == null) {
            return List.of();
        }
        Map<String, String> images = new LinkedHashMap<>();
        containers(images, spec.getContainers(), "spec.containers");
        containers(images, spec.getInitContainers(), "spec.initContainers");
        // kubectl debug adds these through pods/ephemeralcontainers; they run in the pod like any other container.
        for (int i = 0; spec.getEphemeralContainers() != null && i < spec.getEphemeralContainers().size(); i++) {
            put(images, "spec.ephemeralContainers[" + i + "].image", spec.getEphemeralContainers().get(i).getImage());
        }
        List<PolicyViolation> out = new ArrayList<>();
        images(policy, rules, images, out);
        return out;
    }

    private static void images(SparkPolicy policy, PolicyRules rules, Map<String, String> images,
                               List<PolicyViolation> out) {
        images.forEach((field, image) -> {
            if (!ImageRegistries.allowed(image, rules.allowedImageRegistries())) {
                out.add(violation(policy, PolicyViolation.RULE_IMAGE_REGISTRY, field + ": \"" + image
                        + "\" is not from a registry SparkPolicy " + policy.name() + " allows ("
                        + String.join(", ", rules.allowedImageRegistries()) + ")"));
            }
        });
    }

    /** Every image an app's pods can run, by the field it comes from. */
    static Map<String, String> appImages(SparkApplicationSpec spec, String field) {
        Map<String, String> images = new LinkedHashMap<>();
        put(images, field + ".image", spec.image());
        for (SparkRole role : SparkRole.values()) {
            SparkPodSpec pod = spec.role(role);
            String f = field + "." + role.label();
            put(images, f + ".image", pod.image());
            containers(images, pod.sidecars(), f + ".sidecars");
            containers(images, pod.initContainers(), f + ".initContainers");
            PodTemplateSpec template = pod.template();
            if (template != null && template.getSpec() != null) {
                containers(images, template.getSpec().getContainers(), f + ".template.spec.containers");
                containers(images, template.getSpec().getInitContainers(), f + ".template.spec.initContainers");
            }
        }
        return images;
    }

    private static void containers(Map<String, String> images, List<Container> containers, String field) {
        for (int i = 0; i < containers.size(); i++) {
            put(images, field + "[" + i + "].image", containers.get(i).getImage());
        }
    }

    private static void put(Map<String, String> images, String field, String image) {
        if (image != null && !image.isBlank()) {
            images.put(field, image);
        }
    }

    private static PolicyViolation violation(SparkPolicy policy, String rule, String message) {
        return new PolicyViolation(policy.name(), rule, policy.getSpec().enforcementActionOrDefault(), message);
    }
}
