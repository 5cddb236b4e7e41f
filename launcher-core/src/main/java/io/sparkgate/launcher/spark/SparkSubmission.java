package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cluster-mode spark-submit invocation, reduced to what it means: the main resource, its class and arguments,
 * and the Spark configuration spark-submit assembles from {@code --conf}, {@code --name}, {@code --jars} and the
 * other flags. {@link SparkDriverBuilder} turns it into the objects Spark creates.
 *
 * @param type            the main resource's kind
 * @param primaryResource the main jar, Python or R file
 * @param mainClass       the main class of a JVM app (null for Python and R)
 * @param appArgs         the application's arguments
 * @param conf            the Spark configuration in the order it was given ({@code spark.app.name},
 *                        {@code spark.kubernetes.namespace}, {@code spark.jars}, ... included)
 * @param proxyUser       the user to impersonate, or null
 * @param sparkVersion    the Spark release whose behaviour to reproduce
 * @param driverTemplate  the driver pod template ({@code spark.kubernetes.driver.podTemplateFile}), or null
 * @param executorTemplate the executor pod template ({@code spark.kubernetes.executor.podTemplateFile}) as the
 *                        file's text, or null
 */
public record SparkSubmission(AppType type, String primaryResource, String mainClass, List<String> appArgs,
                              Map<String, String> conf, String proxyUser, SparkVersion sparkVersion,
                              Pod driverTemplate, String executorTemplate) {
    /** The namespace Spark uses when none is configured. */
    public static final String DEFAULT_NAMESPACE = "default";

    /** Copies the collections so the submission cannot change under the builder. */
    public SparkSubmission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(primaryResource, "primaryResource");
        Objects.requireNonNull(sparkVersion, "sparkVersion");
        appArgs = List.copyOf(appArgs);
        conf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conf));
        if (type.isJvm() && mainClass == null) {
            throw new IllegalArgumentException("a JVM app needs a main class");
        }
    }

    /** {@code spark.app.name}, Spark's default when absent. */
    public String appName() {
        return conf.getOrDefault("spark.app.name", "spark");
    }

    /** {@code spark.kubernetes.namespace}, {@code default} when absent. */
    public String namespace() {
        return conf.getOrDefault("spark.kubernetes.namespace", DEFAULT_NAMESPACE);
    }

    /** The class the driver runs: the app's own, or Spark's runner for Python and R. */
    public String driverClass() {
        return type.isJvm() ? mainClass : type.runnerClass();
    }
}
