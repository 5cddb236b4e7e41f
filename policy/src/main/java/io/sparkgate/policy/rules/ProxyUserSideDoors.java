package io.sparkgate.policy.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.policy.rules.SparkConfSources.EnvSetting;
import java.util.ArrayList;
import java.util.List;

/**
 * Hadoop impersonation without {@code spec.proxyUser}: Hadoop's {@code UserGroupInformation} logs in as a proxy of
 * the real user when the {@code HADOOP_PROXY_USER} environment variable, or the JVM system property of that name, is
 * set, exactly as {@code spark-submit --proxy-user} makes it. Found by the fuzz test of issue 18: with
 * {@code allowProxyUser: false} an app could still set either; each finding names the field it was set at.
 */
final class ProxyUserSideDoors {
    /** The variable (and system property) Hadoop impersonates from. */
    static final String VARIABLE = "HADOOP_PROXY_USER";

    private ProxyUserSideDoors() {
    }

    /** Where an app's spec (under {@code field}) sets HADOOP_PROXY_USER, as variable or as {@code -D} option. */
    static List<String> app(SparkApplicationSpec spec, String field) {
        List<String> out = new ArrayList<>();
        List<EnvSetting> environment = SparkConfSources.environment(spec, field);
        for (EnvSetting env : environment) {
            if (VARIABLE.equals(env.name())) {
                out.add(env.field() + ": " + impersonating(env.value()));
            }
        }
        for (SparkConfSources.JvmOptions o : SparkConfSources.jvmOptions(spec, field, environment)) {
            systemProperty(o.options(), o.field(), out);
        }
        return out;
    }

    /** Where a pod's containers set HADOOP_PROXY_USER, as variable or in a JVM option variable. */
    static List<String> pod(PodSpec spec) {
        List<String> out = new ArrayList<>();
        List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
        for (int i = 0; i < containers.size(); i++) {
            List<EnvVar> env = containers.get(i).getEnv() == null ? List.of() : containers.get(i).getEnv();
            for (int j = 0; j < env.size(); j++) {
                EnvVar e = env.get(j);
                String at = "spec.containers[" + i + "].env[" + j + "] (" + e.getName() + ")";
                String value = e.getValueFrom() == null ? (e.getValue() == null ? "" : e.getValue()) : null;
                if (VARIABLE.equals(e.getName())) {
                    out.add(at + ": " + impersonating(value));
                } else if (e.getName() != null && SparkConfSources.isJvmOptions(e.getName()) && value != null) {
                    systemProperty(value, at, out);
                }
            }
        }
        return out;
    }

    private static void systemProperty(String options, String field, List<String> out) {
        for (var p : SparkConfSources.definedProperties(options)) {
            if (p.getKey().equals(VARIABLE)) {
                out.add(field + " (-D" + VARIABLE + "): " + impersonating(p.getValue()));
            }
        }
    }

    private static String impersonating(String user) {
        return "impersonating " + (user == null ? "a user from a Secret or ConfigMap" : "\"" + user + "\"")
                + " through " + VARIABLE + " is not allowed";
    }
}
