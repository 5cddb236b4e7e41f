package io.sparkgate.policy.rules;

import io.sparkgate.api.policy.PodSecurityLevel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod settings Spark itself builds from sparkConf, held to the Pod Security Standards: volumes
 * ({@code spark.kubernetes.<role>.volumes.<type>.<name>.*}) and pod annotations
 * ({@code spark.kubernetes.<role>.annotation.<key>}, where AppArmor profiles can be set). Without this an app
 * could mount a hostPath through sparkConf and be refused only once its pods are created.
 */
final class SparkConfPodSettings {
    // https://spark.apache.org/docs/latest/running-on-kubernetes.html#using-kubernetes-volumes
    private static final Pattern VOLUME = Pattern.compile(
            "spark\\.kubernetes\\.(driver|executor)\\.volumes\\.([A-Za-z]+)\\.([^.]+)\\..+");
    private static final Pattern ANNOTATION = Pattern.compile("spark\\.kubernetes\\.(driver|executor)\\.annotation\\.(.+)");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private SparkConfPodSettings() {
    }

    /** What the app's sparkConf (under {@code field}) breaks of {@code level}, one finding per volume or key. */
    static List<String> check(PodSecurityLevel level, Map<String, String> sparkConf, String field) {
        if (!level.atLeast(PodSecurityLevel.BASELINE)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> volumes = new LinkedHashSet<>();
        sparkConf.forEach((key, value) -> {
            String at = field + ".sparkConf[\"" + key + "\"]";
            Matcher v = VOLUME.matcher(key);
            if (v.matches() && volumes.add(v.group(1) + "/" + v.group(2) + "/" + v.group(3))) {
                String type = v.group(2);
                if (type.equals("hostPath")) {
                    out.add(at + ": hostPath volumes are not allowed (" + v.group(3) + ")");
                } else if (level.atLeast(PodSecurityLevel.RESTRICTED)
                        && !PodSecurityStandards.RESTRICTED_VOLUMES.contains(type)) {
                    out.add(at + ": volume type " + type + " is not allowed");
                }
            }
            Matcher a = ANNOTATION.matcher(key);
            if (a.matches() && a.group(2).startsWith(APPARMOR_ANNOTATION) && !"runtime/default".equals(value)
                    && (value == null || !value.startsWith("localhost/"))) {
                out.add(at + ": AppArmor profile \"" + value + "\" is not allowed");
            }
        });
        return out;
    }
}
