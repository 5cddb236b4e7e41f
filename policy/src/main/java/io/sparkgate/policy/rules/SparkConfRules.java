package io.sparkgate.policy.rules;

import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import java.util.ArrayList;
import java.util.List;
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
    /** Feature steps: classes Spark instantiates in the driver to build pods, i.e. arbitrary code. */
    private static final Pattern FEATURE_STEPS_KEY =
            Pattern.compile("spark\\.kubernetes\\.(driver|executor)\\.pod\\.featureSteps");
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
        if (FEATURE_STEPS_KEY.matcher(key).matches()) {
            return Optional.of("feature steps run arbitrary classes in the driver with its service account; pods "
                    + "are shaped by the typed fields, templates and SparkPolicy defaults");
        }
        if (POD_TEMPLATE_KEY.matcher(key).matches()) {
            return Optional.of("pod templates are set by spec.driver.template and spec.executor.template");
        }
        if (key.equals("spark.kubernetes.namespace") && !String.valueOf(value).equals(namespace)) {
            return Optional.of("the app runs in its own namespace " + namespace + ", not \"" + value + "\"");
        }
        return Optional.empty();
    }

    /**
     * The built-in problems of every conf key an app sets, in {@code sparkConf} or through a side door
     * ({@link SparkConfSources}), and of the environment that would escape the app's conf: JVM option variables
     * whose value sparkgate cannot read, and conf-directory variables that would hide the mounted ConfigMaps.
     */
    public static List<String> builtInProblems(SparkApplicationSpec spec, String field, String namespace) {
        List<String> problems = new ArrayList<>();
        List<SparkConfSources.EnvSetting> environment = SparkConfSources.environment(spec, field);
        for (SparkConfSources.Setting s : SparkConfSources.settings(spec, field, environment)) {
            builtInReason(s.key(), s.value(), namespace)
                    .ifPresent(reason -> problems.add(s.field() + ": not allowed: " + reason));
        }
        for (SparkConfSources.EnvSetting e : environment) {
            if (SparkConfSources.isJvmOptions(e.name()) && e.value() == null) {
                problems.add(e.field() + ": not allowed: " + e.name() + " must be a literal value, so the -D "
                        + "options it sets can be checked like sparkConf");
            }
            if (e.name().equals("SPARK_CONF_DIR") && spec.sparkConfigMap() != null) {
                problems.add(e.field() + ": not allowed: " + field + ".sparkConfigMap mounts the Spark conf and "
                        + "sets SPARK_CONF_DIR; overriding it would hide that conf");
            }
            if (e.name().equals("HADOOP_CONF_DIR") && spec.hadoopConfigMap() != null) {
                problems.add(e.field() + ": not allowed: " + field + ".hadoopConfigMap mounts the Hadoop conf and "
                        + "sets HADOOP_CONF_DIR; overriding it would hide that conf");
            }
        }
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
