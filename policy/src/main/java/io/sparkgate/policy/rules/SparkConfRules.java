package io.sparkgate.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sparkConf keys a tenant may not set, so it cannot escape its namespace, identity or image policy through
 * sparkConf: sparkgate's built-in list, plus what a SparkPolicy denies.
 */
public final class SparkConfRules {
    /** Every image key: the app-wide and per-role images, their pull policy and pull secrets. */
    private static final Pattern IMAGE_KEY =
            Pattern.compile("spark\\.kubernetes\\.(driver\\.|executor\\.)?container\\.image(\\..+)?");
    private static final Pattern POD_TEMPLATE_KEY =
            Pattern.compile("spark\\.kubernetes\\.(driver|executor)\\.podTemplate(File|ContainerName)");

    private SparkConfRules() {
    }

    /**
     * Why sparkgate itself denies a key, or empty when it does not.
     *
     * @param namespace the app's namespace; {@code spark.kubernetes.namespace} may only repeat it
     */
    public static Optional<String> builtInReason(String key, String value, String namespace) {
        if (key.startsWith("spark.kubernetes.authenticate.")) {
            return Optional.of("service accounts and API credentials (OAuth tokens, client certificates) are not "
                    + "set through sparkConf; use spec.driver.serviceAccount / spec.executor.serviceAccount");
        }
        if (key.equals("spark.master") || key.equals("spark.kubernetes.driver.master")) {
            return Optional.of("the operator sets the Kubernetes master");
        }
        if (IMAGE_KEY.matcher(key).matches()) {
            return Optional.of("images are set by spec.image, spec.driver.image and spec.executor.image, where "
                    + "image policy applies");
        }
        if (POD_TEMPLATE_KEY.matcher(key).matches()) {
            return Optional.of("pod templates are set by spec.driver.template and spec.executor.template");
        }
        if (key.equals("spark.kubernetes.namespace") && !String.valueOf(value).equals(namespace)) {
            return Optional.of("the app runs in its own namespace " + namespace + ", not \"" + value + "\"");
        }
        return Optional.empty();
    }

    /** The built-in problems of an app's sparkConf, each naming the key under {@code field}. */
    public static List<String> builtInProblems(Map<String, String> sparkConf, String field, String namespace) {
        List<String> problems = new ArrayList<>();
        sparkConf.forEach((k, v) -> builtInReason(k, v, namespace)
                .ifPresent(reason -> problems.add(field + "[\"" + k + "\"]: not allowed: " + reason)));
        return problems;
    }

    /**
     * Whether a policy's deny pattern covers the key: an exact key, or a prefix ending in {@code *}
     * ({@code spark.eventLog.*}).
     */
    public static boolean covers(String pattern, String key) {
        return pattern.endsWith("*") ? key.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(key);
    }

    /** The problem with a deny pattern, or null when it is usable. */
    public static String checkPattern(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.equals("*")) {
            return "must name a key or a prefix followed by *, e.g. spark.eventLog.*";
        }
        if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
            return "\"" + pattern + "\": * is only allowed at the end";
        }
        return null;
    }
}
