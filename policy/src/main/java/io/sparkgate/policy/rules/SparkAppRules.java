package io.sparkgate.policy.rules;

import io.sparkgate.api.spark.DependencyUris;
import io.sparkgate.api.v1beta2.DriverIngressConfiguration;
import io.sparkgate.api.v1beta2.MonitoringSpec;
import io.sparkgate.api.v1beta2.PrometheusSpec;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.ScheduledSparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sparkgate's built-in rules for SparkApplications and ScheduledSparkApplications, which no policy can turn off:
 * each problem is one message naming the field. Quota and policy rules live elsewhere.
 */
public final class SparkAppRules {
    /** The longest name allowed: a DNS-1035 label, as Spark's driver Service name must be. */
    public static final int MAX_NAME_LENGTH = 63;
    private static final int MIN_EXPORTER_PORT = 1024;
    private static final int MAX_EXPORTER_PORT = 49151;
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("v?([0-9]+)\\.([0-9]+)(\\.([0-9]+))?([-+].*)?");

    private SparkAppRules() {
    }

    /** The problems of a SparkApplication admitted into {@code namespace}. */
    public static List<String> validate(SparkApplication app, String namespace) {
        List<String> problems = new ArrayList<>();
        nameProblem(app.getMetadata().getName()).ifPresent(problems::add);
        if (app.getSpec() == null) {
            problems.add("spec: required");
            return problems;
        }
        problems.addAll(validateSpec(app.getSpec(), "spec", namespace));
        return problems;
    }

    /** The problems of a ScheduledSparkApplication admitted into {@code namespace}, its template included. */
    public static List<String> validate(ScheduledSparkApplication app, String namespace) {
        List<String> problems = new ArrayList<>();
        nameProblem(app.getMetadata().getName()).ifPresent(problems::add);
        ScheduledSparkApplicationSpec spec = app.getSpec();
        if (spec == null) {
            problems.add("spec: required");
            return problems;
        }
        Schedules.problem(spec.schedule()).ifPresent(p -> problems.add("spec.schedule: " + p));
        if (spec.timeZone() != null && !spec.timeZone().isEmpty()) {
            Schedules.zoneProblem(spec.timeZone()).ifPresent(p -> problems.add("spec.timeZone: " + p));
        }
        if (spec.template() == null) {
            problems.add("spec.template: required");
        } else {
            problems.addAll(validateSpec(spec.template(), "spec.template", namespace));
        }
        return problems;
    }

    /** Why a name is not a DNS-1035 label of at most 63 characters, or empty. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("metadata.name: required (generateName is not supported: the name must be known)");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("metadata.name: \"" + name + "\" is " + name.length() + " characters; at most "
                    + MAX_NAME_LENGTH + " are allowed");
        }
        if (!DNS_1035.matcher(name).matches()) {
            return Optional.of("metadata.name: \"" + name + "\" must be a DNS-1035 label: lower-case letters, digits "
                    + "and '-', starting with a letter and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** The problems of a spec (an app's, or a schedule's template) under {@code field}. */
    public static List<String> validateSpec(SparkApplicationSpec spec, String field, String namespace) {
        List<String> problems = new ArrayList<>();
        for (SparkRole role : SparkRole.values()) {
            if (!spec.nodeSelector().isEmpty() && !spec.role(role).nodeSelector().isEmpty()) {
                problems.add(field + ".nodeSelector and " + field + "." + role.label() + ".nodeSelector are both set: "
                        + "set the node selector for the app or for each role, not both");
            }
        }
        templateVersion(spec, field).ifPresent(problems::add);
        problems.addAll(prometheus(spec.monitoring(), field + ".monitoring.prometheus"));
        problems.addAll(dependencies(spec, field));
        problems.addAll(ingressPorts(spec.driverIngressOptions(), field + ".driverIngressOptions"));
        problems.addAll(KerberosRules.problems(spec, field));
        problems.addAll(SparkConfRules.builtInProblems(spec, field, namespace));
        if (spec.driver().kubernetesMaster() != null) {
            problems.add(field + ".driver.kubernetesMaster: not allowed: the operator sets the Kubernetes master");
        }
        return problems;
    }

    /**
     * Warnings for fields of a spec under {@code field} that are accepted but not read, so that none is silently
     * ignored.
     */
    public static List<String> notRead(SparkApplicationSpec spec, String field) {
        List<String> warnings = new ArrayList<>();
        if (spec.batchSchedulerOptions() != null) {
            warnings.add(field + ".batchSchedulerOptions: not read: sparkgate has no batch scheduler plugin, so "
                    + "queue, priorityClassName and resources have no effect (set priorityClassName on the roles)");
        }
        if (spec.restartPolicy().recovery() != null) {
            warnings.add(field + ".restartPolicy.recovery: not read: kubeflow's fenced restart (its alpha FencedRestart "
                    + "feature gate) has no counterpart in sparkgate: no epoch store, no recovery agent sidecar, so a "
                    + "rerun starts from zero as restartPolicy.type says");
        }
        warnings.addAll(KerberosRules.notRead(spec, field));
        return warnings;
    }

    private static Optional<String> templateVersion(SparkApplicationSpec spec, String field) {
        String templateField = spec.driver().template() != null ? field + ".driver.template"
                : spec.executor().template() != null ? field + ".executor.template" : null;
        if (templateField == null) {
            return Optional.empty();
        }
        String version = spec.sparkVersion();
        if (version == null || version.isBlank()) {
            return Optional.of(templateField + " needs " + field + ".sparkVersion 3.0.0 or later "
                    + "(Spark reads pod templates since 3.0.0); sparkVersion is not set");
        }
        Matcher m = VERSION.matcher(version.trim());
        if (!m.matches()) {
            return Optional.of(field + ".sparkVersion: \"" + version + "\" is not a Spark version (e.g. 3.5.1)");
        }
        if (Integer.parseInt(m.group(1)) < 3) {
            return Optional.of(templateField + " needs " + field + ".sparkVersion 3.0.0 or later "
                    + "(Spark reads pod templates since 3.0.0); was " + version);
        }
        return Optional.empty();
    }

    // kubeflow's CRD: jmxExporterJar is required in prometheus, port is 1024-49151 (PrometheusSpec in
    // api/v1beta2/sparkapplication_types.go); without the jar there is no agent to serve the metrics.
    private static List<String> prometheus(MonitoringSpec monitoring, String field) {
        if (monitoring == null || monitoring.prometheus() == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        PrometheusSpec prometheus = monitoring.prometheus();
        if (prometheus.jmxExporterJar() == null || prometheus.jmxExporterJar().isBlank()) {
            problems.add(field + ".jmxExporterJar: required when " + field + " is set: the path of the Prometheus "
                    + "JMX exporter Java agent jar inside the image, e.g. /prometheus/jmx_prometheus_javaagent.jar");
        }
        Integer port = prometheus.port();
        if (port != null && (port < MIN_EXPORTER_PORT || port > MAX_EXPORTER_PORT)) {
            problems.add(field + ".port: " + port + " is out of range; use a port from " + MIN_EXPORTER_PORT + " to "
                    + MAX_EXPORTER_PORT + " (default " + PrometheusSpec.DEFAULT_PORT + ")");
        }
        return problems;
    }

    // What the launcher would refuse at submission (no submitter's disk to upload from) is refused here, so the
    // user learns it from kubectl apply rather than from a SUBMISSION_FAILED status.
    private static List<String> dependencies(SparkApplicationSpec spec, String field) {
        List<String> problems = new ArrayList<>();
        if (spec.mainApplicationFile() != null && !spec.mainApplicationFile().isBlank()) {
            DependencyUris.problem(spec.mainApplicationFile())
                    .ifPresent(p -> problems.add(field + ".mainApplicationFile: " + p));
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("jars", spec.deps().jars());
        lists.put("files", spec.deps().files());
        lists.put("pyFiles", spec.deps().pyFiles());
        lists.put("archives", spec.deps().archives());
        lists.forEach((name, uris) -> {
            for (int i = 0; i < uris.size(); i++) {
                String at = field + ".deps." + name + "[" + i + "]: ";
                DependencyUris.problem(uris.get(i)).ifPresent(p -> problems.add(at + p));
            }
        });
        return problems;
    }

    private static List<String> ingressPorts(List<DriverIngressConfiguration> options, String field) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < options.size(); i++) {
            Integer port = options.get(i).servicePort();
            if (port == null) {
                problems.add(field + "[" + i + "].servicePort: required");
                continue;
            }
            Integer first = seen.putIfAbsent(port, i);
            if (first != null) {
                problems.add(field + "[" + i + "].servicePort: " + port + " is already used by " + field + "["
                        + first + "]; service ports must be unique");
            }
        }
        return problems;
    }
}
