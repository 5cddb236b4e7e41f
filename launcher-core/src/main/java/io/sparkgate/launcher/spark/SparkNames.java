package io.sparkgate.launcher.spark;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Spark's naming rules for the objects of one submission ({@code KubernetesConf.getResourceNamePrefix},
 * {@code getAppNameLabel}, {@code DriverServiceFeatureStep}, {@code KubernetesClientUtils.configMapName}), and the
 * Kubernetes rules the results must satisfy.
 */
public final class SparkNames {
    /** The longest DNS-1123 label: Service names, label values. */
    public static final int MAX_LABEL = 63;
    /** The longest DNS-1123 subdomain: pod and ConfigMap names. */
    public static final int MAX_SUBDOMAIN = 253;
    private static final String SVC_SUFFIX = "-driver-svc";
    private static final String CONF_MAP_SUFFIX = "-conf-map";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    // Compiled once: String.replaceAll compiles its pattern on every call, once per app for each of these.
    private static final Pattern NOT_NAME_CHAR = Pattern.compile("[^a-z0-9\\-]");
    private static final Pattern DASHES = Pattern.compile("-+");
    private static final Pattern LEADING_DASH = Pattern.compile("^-");
    private static final Pattern LEADING_DIGIT = Pattern.compile("^[0-9]");

    private SparkNames() {
    }

    /** The prefix of every object's name: {@code <app>-<id>}, lower-cased, other characters as single dashes. */
    public static String resourceNamePrefix(String appName, String id) {
        String dashed = dashed((appName + "-" + id).trim().toLowerCase(Locale.ROOT));
        return LEADING_DIGIT.matcher(LEADING_DASH.matcher(dashed).replaceAll("")).replaceAll("x");
    }

    /** The {@code spark-app-name} label value: the app name sanitised like the prefix and cut to 63 characters. */
    public static String appNameLabel(String appName) {
        String v = dashed(appName.trim().toLowerCase(Locale.ROOT));
        return v.length() > MAX_LABEL ? v.substring(0, MAX_LABEL) : v;
    }

    /** Every character other than {@code [a-z0-9-]} as a dash, runs of dashes as one. */
    private static String dashed(String s) {
        return DASHES.matcher(NOT_NAME_CHAR.matcher(s).replaceAll("-")).replaceAll("-");
    }

    /** The driver Service's name: {@code <prefix>-driver-svc}, or {@code spark-<id>-driver-svc} when that is too long. */
    public static String serviceName(String prefix, String serviceId) {
        String preferred = prefix + SVC_SUFFIX;
        return preferred.length() <= MAX_LABEL ? preferred : "spark-" + serviceId + SVC_SUFFIX;
    }

    /** The driver ConfigMap's name: {@code spark-drv-<id>-conf-map}. */
    public static String driverConfigMapName(String configMapId) {
        return configMapName("spark-drv-" + configMapId);
    }

    /** The ConfigMap carrying the executor pod template: {@code <prefix>-driver-podspec-conf-map}. */
    public static String podTemplateConfigMapName(String prefix) {
        return configMapName(prefix + "-driver-podspec");
    }

    private static String configMapName(String prefix) {
        int keep = Math.min(prefix.length(), MAX_SUBDOMAIN - CONF_MAP_SUFFIX.length());
        return prefix.substring(0, keep) + CONF_MAP_SUFFIX;
    }

    /** Whether a name is a valid DNS-1123 label (Service names). */
    public static boolean isDnsLabel(String name) {
        return name != null && name.length() <= MAX_LABEL && DNS_LABEL.matcher(name).matches();
    }

    /** Whether a name is a valid DNS-1123 subdomain (pod and ConfigMap names). */
    public static boolean isDnsSubdomain(String name) {
        return name != null && name.length() <= MAX_SUBDOMAIN && DNS_SUBDOMAIN.matcher(name).matches();
    }

    /** Whether a value is a valid label value. */
    public static boolean isLabelValue(String value) {
        return value != null && value.length() <= MAX_LABEL && LABEL_VALUE.matcher(value).matches();
    }
}
