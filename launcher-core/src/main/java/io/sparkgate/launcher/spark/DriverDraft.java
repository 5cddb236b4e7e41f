package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The driver under construction, as Spark's {@code KubernetesDriverSpec}: the pod's metadata and spec without its
 * Spark container, the Spark container, the properties the steps add to {@code spark.properties}, and the extra
 * objects they create. Metadata and spec are separate builders that steps edit in place: a {@code PodBuilder}'s
 * {@code editOrNewSpec()…endSpec()} rebuilds and re-copies the whole spec, every volume included, on each edit.
 */
final class DriverDraft {
    final SparkSubmission submission;
    final RunIds ids;
    final String sparkUser;
    final String resourceNamePrefix;
    final ObjectMetaBuilder metadata;
    final PodSpecBuilder spec;
    final ContainerBuilder container;
    final Map<String, String> systemProperties = new LinkedHashMap<>();
    Service service;
    ConfigMap templateConfigMap;

    DriverDraft(SparkSubmission submission, RunIds ids, String sparkUser, ObjectMetaBuilder metadata,
                PodSpecBuilder spec, ContainerBuilder container) {
        this.submission = submission;
        this.ids = ids;
        this.sparkUser = sparkUser;
        this.resourceNamePrefix = SparkNames.resourceNamePrefix(submission.appName(), ids.namePrefixId());
        this.metadata = metadata;
        this.spec = spec;
        this.container = container;
    }

    /** The submission's configuration. */
    Map<String, String> conf() {
        return submission.conf();
    }

    /** A configuration value or the default. */
    String conf(String key, String fallback) {
        return submission.conf().getOrDefault(key, fallback);
    }

    /** The entries under a prefix, with the prefix removed, in key order (Spark reads them from a hash map). */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        submission.conf().forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** An integer setting, naming the key when it is not one. */
    int intConf(String key, int fallback) {
        String v = submission.conf().get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": \"" + v + "\" is not a whole number", e);
        }
    }

    /** Replaces Spark's {@code {{APP_ID}}} and {@code {{EXECUTOR_ID}}} placeholders as the driver does. */
    String substituteIds(String value) {
        return value.replace("{{APP_ID}}", ids.appId()).replace("{{EXECUTOR_ID}}", "");
    }

    /** The driver pod's name: {@code spark.kubernetes.driver.pod.name}, else {@code <prefix>-driver}. */
    String driverPodName() {
        return conf("spark.kubernetes.driver.pod.name", resourceNamePrefix + "-driver");
    }
}
