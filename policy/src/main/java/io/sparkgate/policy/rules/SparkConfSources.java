package io.sparkgate.policy.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every way an app sets a Spark conf key, not only {@code sparkConf}: Spark loads each {@code spark.*} JVM system
 * property into its conf, so a {@code -Dspark.key=value} in {@code spec.driver/executor.javaOptions}, in
 * {@code spark.driver/executor.extraJavaOptions}, or in the JVM option variables of the pods' environment
 * ({@code SPARK_SUBMIT_OPTS}, {@code JAVA_TOOL_OPTIONS}, {@code _JAVA_OPTIONS}, {@code JDK_JAVA_OPTIONS}, whether in
 * {@code env}, {@code envVars}, {@code spark.kubernetes.driverEnv.*} or {@code spark.executorEnv.*}) sets the key as
 * surely as {@code sparkConf} does. The deny rules check all of them, each named by the field it came from. Option
 * strings are split as Spark splits {@code extraJavaOptions}: on whitespace outside quotes, quotes and backslash
 * escapes removed.
 */
public final class SparkConfSources {
    /** The environment variables whose value the JVM (or Spark's launcher) reads as JVM options. */
    public static final Set<String> JVM_OPTION_VARIABLES = Set.of("SPARK_SUBMIT_OPTS", "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "SPARK_DRIVER_OPTS", "SPARK_EXECUTOR_OPTS");
    /** The environment variables that point Spark and Hadoop at their conf directories. */
    public static final Set<String> CONF_DIR_VARIABLES = Set.of("SPARK_CONF_DIR", "HADOOP_CONF_DIR");
    private static final List<String> EXTRA_JAVA_OPTIONS = List.of("spark.driver.extraJavaOptions",
            "spark.executor.extraJavaOptions", "spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions");

    /**
     * One conf key an app sets.
     *
     * @param field where: {@code spec.sparkConf["k"]}, or {@code spec.driver.javaOptions (-Dk)} and the like
     * @param key   the Spark conf key
     * @param value its value
     */
    public record Setting(String field, String key, String value) {
    }

    /**
     * One environment variable an app sets on a Spark container.
     *
     * @param field   where it is set
     * @param name    the variable
     * @param value   its literal value, or null when it comes from a Secret or ConfigMap
     */
    public record EnvSetting(String field, String name, String value) {
    }

    private SparkConfSources() {
    }

    /** Every conf key {@code spec} (an app's, or a schedule's template at {@code field}) sets, in every way. */
    public static List<Setting> settings(SparkApplicationSpec spec, String field) {
        return settings(spec, field, environment(spec, field));
    }

    /** As {@link #settings(SparkApplicationSpec, String)}, over the spec's {@link #environment} already read. */
    public static List<Setting> settings(SparkApplicationSpec spec, String field, List<EnvSetting> environment) {
        List<Setting> out = new ArrayList<>();
        spec.sparkConf().forEach((k, v) -> out.add(new Setting(field + ".sparkConf[\"" + k + "\"]", k, v)));
        for (JvmOptions o : jvmOptions(spec, field, environment)) {
            systemProperties(o.options(), o.field(), out);
        }
        return out;
    }

    /**
     * One JVM option string a Spark JVM gets from an app.
     *
     * @param field   where it is set
     * @param options the option string, split as {@link #split} splits it
     */
    public record JvmOptions(String field, String options) {
    }

    /**
     * Every JVM option string the app hands a Spark JVM: the extra/default Java options in sparkConf, each role's
     * {@code javaOptions}, and the literal values of the JVM option variables of its {@code environment}.
     */
    public static List<JvmOptions> jvmOptions(SparkApplicationSpec spec, String field, List<EnvSetting> environment) {
        List<JvmOptions> out = new ArrayList<>();
        for (String key : EXTRA_JAVA_OPTIONS) {
            String options = spec.sparkConf().get(key);
            if (options != null) {
                out.add(new JvmOptions(field + ".sparkConf[\"" + key + "\"]", options));
            }
        }
        for (SparkRole role : SparkRole.values()) {
            SparkPodSpec pod = spec.role(role);
            if (pod.javaOptions() != null) {
                out.add(new JvmOptions(field + "." + role.label() + ".javaOptions", pod.javaOptions()));
            }
        }
        for (EnvSetting env : environment) {
            if (isJvmOptions(env.name()) && env.value() != null) {
                out.add(new JvmOptions(env.field(), env.value()));
            }
        }
        return out;
    }

    /**
     * Whether the variable's value becomes JVM options of a Spark process: the JVM's own variables, Spark's
     * launcher's, and {@code SPARK_JAVA_OPT_<n>}, which the image's entrypoint passes to the executor's JVM.
     */
    public static boolean isJvmOptions(String name) {
        return JVM_OPTION_VARIABLES.contains(name) || name.startsWith("SPARK_JAVA_OPT_");
    }

    /** Every environment variable {@code spec} sets on the driver and executor containers, and where. */
    public static List<EnvSetting> environment(SparkApplicationSpec spec, String field) {
        List<EnvSetting> out = new ArrayList<>();
        for (SparkRole role : SparkRole.values()) {
            SparkPodSpec pod = spec.role(role);
            String f = field + "." + role.label();
            List<EnvVar> env = pod.env();
            for (int i = 0; i < env.size(); i++) {
                EnvVar e = env.get(i);
                out.add(new EnvSetting(f + ".env[" + i + "] (" + e.getName() + ")", e.getName(),
                        e.getValueFrom() == null ? String.valueOf(e.getValue() == null ? "" : e.getValue()) : null));
            }
            pod.envVars().forEach((name, value) -> out.add(new EnvSetting(f + ".envVars[\"" + name + "\"]", name,
                    value)));
            pod.envSecretKeyRefs().forEach((name, ref) -> out.add(new EnvSetting(f + ".envSecretKeyRefs[\"" + name
                    + "\"]", name, null)));
            // The template's Spark container is the base Spark builds its container on: its env stays.
            Container template = sparkTemplateContainer(pod);
            if (template != null && template.getEnv() != null) {
                String t = f + ".template.spec.containers[0].env";
                for (int i = 0; i < template.getEnv().size(); i++) {
                    EnvVar e = template.getEnv().get(i);
                    if (e != null && e.getName() != null) {
                        out.add(new EnvSetting(t + "[" + i + "] (" + e.getName() + ")", e.getName(),
                                e.getValueFrom() == null ? String.valueOf(e.getValue() == null ? "" : e.getValue())
                                        : null));
                    }
                }
            }
        }
        for (Map.Entry<String, String> e : spec.sparkConf().entrySet()) {
            String k = e.getKey();
            String name = k.startsWith("spark.kubernetes.driverEnv.") ? k.substring("spark.kubernetes.driverEnv.".length())
                    : k.startsWith("spark.executorEnv.") ? k.substring("spark.executorEnv.".length()) : null;
            if (name != null && !name.isEmpty()) {
                out.add(new EnvSetting(field + ".sparkConf[\"" + k + "\"]", name, e.getValue()));
            }
        }
        return out;
    }

    /**
     * The container of a role's pod template Spark builds its own on (the first one, as Spark picks it when
     * {@code spark.kubernetes.<role>.podTemplateContainerName} is unset, the only way the operator sets it); null
     * without a template.
     */
    public static Container sparkTemplateContainer(SparkPodSpec pod) {
        if (pod.template() == null || pod.template().getSpec() == null) {
            return null;
        }
        List<Container> containers = pod.template().getSpec().getContainers();
        return containers == null || containers.isEmpty() ? null : containers.get(0);
    }

    /**
     * Whether variables imported whole with {@code envFrom} under {@code prefix} could include one whose value
     * sparkgate must read: a JVM option or conf-directory variable (no prefix: any name can arrive).
     */
    public static boolean envFromCanSetCheckedVariables(String prefix) {
        String p = prefix == null ? "" : prefix;
        if (p.startsWith("SPARK_JAVA_OPT_")) {
            return true;
        }
        for (String name : JVM_OPTION_VARIABLES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return "SPARK_JAVA_OPT_".startsWith(p) || CONF_DIR_VARIABLES.stream().anyMatch(n -> n.startsWith(p));
    }

    /** The {@code -Dspark.*} system properties of a JVM option string, as settings of {@code field}. */
    static void systemProperties(String options, String field, List<Setting> out) {
        for (Map.Entry<String, String> p : definedProperties(options)) {
            if (p.getKey().toLowerCase(Locale.ROOT).startsWith("spark.")) {
                out.add(new Setting(field + " (-D" + p.getKey() + ")", p.getKey(), p.getValue()));
            }
        }
    }

    /** Every {@code -Dkey[=value]} of a JVM option string, as key and value ({@code ""} when none is given). */
    static List<Map.Entry<String, String>> definedProperties(String options) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String token : split(options)) {
            if (token.startsWith("-D") && token.length() > 2) {
                int eq = token.indexOf('=');
                out.add(Map.entry(eq < 0 ? token.substring(2) : token.substring(2, eq),
                        eq < 0 ? "" : token.substring(eq + 1)));
            }
        }
        return out;
    }

    /** Splits an option string as Spark's {@code Utils.splitCommandString}: whitespace outside quotes. */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (single) {
                if (c == '\'') {
                    single = false;
                } else {
                    current.append(c);
                }
            } else if (dbl) {
                if (c == '"') {
                    dbl = false;
                } else if (c == '\\' && i + 1 < s.length()) {
                    current.append(s.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (c == '\'') {
                single = true;
                inWord = true;
            } else if (c == '"') {
                dbl = true;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                current.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(current.toString());
        }
        return out;
    }
}
