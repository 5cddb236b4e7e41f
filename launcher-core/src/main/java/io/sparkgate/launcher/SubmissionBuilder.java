package io.sparkgate.launcher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.spark.SpecResourceFields;
import io.sparkgate.api.v1beta2.DeployMode;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.launcher.spark.AppType;
import io.sparkgate.launcher.spark.RunIds;
import io.sparkgate.launcher.spark.SparkDriverBuilder;
import io.sparkgate.launcher.spark.SparkNames;
import io.sparkgate.launcher.spark.SparkSubmission;
import io.sparkgate.launcher.spark.SparkVersion;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * SparkApplication → the objects Spark's own cluster-mode submission creates for it (driver pod, headless Service,
 * {@code spark.properties} ConfigMap), as kubeflow's operator would have spark-submit create them. Pure,
 * thread-safe and fast (no I/O); every object carries the operator's labels and the submission id.
 */
public final class SubmissionBuilder {
    private final SparkDriverBuilder driverBuilder;
    private final Clock clock;

    /**
     * Creates a builder.
     *
     * @param settings where the driver finds the API server and who submits
     * @param clock    the source of {@code spark.app.submitTime}
     */
    public SubmissionBuilder(LauncherSettings settings, Clock clock) {
        this.driverBuilder = new SparkDriverBuilder(settings.masterUrl(), settings.submitterUser());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Builds the objects of one submission. The same app, submission id and app id always give objects of the same
     * names, so a retried attempt finds the objects of an earlier one.
     *
     * @param app          the SparkApplication (cluster mode)
     * @param submissionId the submission id, a UUID in kubeflow's operator
     * @param appId        Spark's application id ({@code spark-<32 hex>}), see {@link RunIds#appIdFor}
     * @throws InvalidSparkApplication naming the field when the app cannot be submitted; nothing is half-built
     */
    public SubmissionObjects build(SparkApplication app, String submissionId, String appId) {
        require(submissionId != null && !submissionId.isBlank(), "submissionId", "must not be empty");
        require(appId != null && SparkNames.isLabelValue(appId) && !appId.isBlank(), "appId",
                "\"" + appId + "\" is not a valid label value");
        SparkSubmission submission = toSubmission(app, submissionId);
        SubmissionObjects objects;
        try {
            objects = driverBuilder.build(submission, RunIds.derive(appId, submissionId, clock.millis()));
        } catch (IllegalArgumentException e) {
            throw SparkFieldNames.invalid(app, e.getMessage());
        }
        checkNames(app, objects);
        labelConfigMaps(app, objects, submissionId);
        return objects.withMetricsConfigMap(PrometheusConf.configMap(app, objects.namespace(),
                objects.configMap().getMetadata().getLabels()));
    }

    /**
     * The spark-submit invocation kubeflow's operator would run for the app: type, main resource and class,
     * arguments, and every {@code --conf}.
     *
     * @throws InvalidSparkApplication naming the field when the app cannot be submitted
     */
    public static SparkSubmission toSubmission(SparkApplication app, String submissionId) {
        String name = app.getMetadata() == null ? null : app.getMetadata().getName();
        require(name != null && !name.isBlank(), "metadata.name", "required");
        SparkApplicationSpec spec = app.getSpec();
        require(spec != null, "spec", "required");
        require(spec.type() != null, "spec.type", "required: one of Java, Scala, Python or R");
        require(spec.mode() == DeployMode.CLUSTER, "spec.mode",
                "\"" + spec.mode().value() + "\" is not supported: the launcher submits in cluster mode");
        require(spec.mainApplicationFile() != null && !spec.mainApplicationFile().isBlank(),
                "spec.mainApplicationFile", "required: the jar, Python or R file to run");
        AppType type = switch (spec.type()) {
            case Java, Scala -> AppType.JAVA;
            case Python -> AppType.PYTHON;
            case R -> AppType.R;
        };
        require(!type.isJvm() || spec.mainClass() != null && !spec.mainClass().isBlank(), "spec.mainClass",
                "required for a " + spec.type() + " application");
        SparkVersion version;
        try {
            version = SparkVersion.parse(spec.sparkVersion());
        } catch (IllegalArgumentException e) {
            throw new InvalidSparkApplication("spec.sparkVersion", e.getMessage());
        }
        require(version.atLeast(3, 0), "spec.sparkVersion", "Spark " + version + " is too old (3.0 or later)");
        checkResourceFields(spec);
        Map<String, String> conf;
        try {
            conf = KubeflowSubmitConf.of(app, submissionId);
        } catch (IllegalArgumentException e) {
            throw SparkFieldNames.invalid(app, e.getMessage());
        }
        return new SparkSubmission(type, spec.mainApplicationFile(), type.isJvm() ? spec.mainClass() : null,
                spec.arguments(), conf, spec.proxyUser(), version, template(spec.driver().template()),
                executorTemplate(spec.executor().template()));
    }

    private static void checkResourceFields(SparkApplicationSpec spec) {
        try {
            SpecResourceFields.check(spec);
        } catch (IllegalArgumentException e) {
            int colon = e.getMessage().indexOf(": ");
            throw new InvalidSparkApplication(e.getMessage().substring(0, colon), e.getMessage().substring(colon + 2));
        }
    }

    private static Pod template(PodTemplateSpec template) {
        if (template == null) {
            return null;
        }
        Pod pod = new Pod();
        pod.setMetadata(template.getMetadata());
        pod.setSpec(template.getSpec());
        return pod;
    }

    private static String executorTemplate(PodTemplateSpec template) {
        Pod pod = template(template);
        if (pod == null) {
            return null;
        }
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        try {
            return Json.yaml().writeValueAsString(pod);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidSparkApplication("spec.executor.template", "cannot be written as YAML: "
                    + e.getOriginalMessage());
        }
    }

    private static void checkNames(SparkApplication app, SubmissionObjects objects) {
        String pod = objects.driverPodName();
        String field = app.getSpec().driver().podName() != null ? "spec.driver.podName" : "metadata.name";
        require(SparkNames.isDnsSubdomain(pod), field, "the driver pod name \"" + pod + "\" is not a valid pod "
                + "name (lower-case letters, digits, '-' and '.', at most 253 characters)");
        String appLabel = objects.driverPod().getMetadata().getLabels().get(SparkLabels.SPARK_APP_NAME);
        require(appLabel == null || SparkNames.isLabelValue(appLabel), "metadata.name", "Spark would label the "
                + "driver spark-app-name=\"" + appLabel + "\", which is not a valid label value");
        require(SparkNames.isDnsLabel(objects.serviceName()), "metadata.name", "the driver Service name \""
                + objects.serviceName() + "\" is not a valid DNS label");
    }

    // Spark puts no labels on its ConfigMaps; sparkgate adds the operator's so every object of a run is found by them.
    private static void labelConfigMaps(SparkApplication app, SubmissionObjects objects, String submissionId) {
        for (ConfigMap cm : objects.templateConfigMap() == null ? new ConfigMap[] {objects.configMap()}
                : new ConfigMap[] {objects.configMap(), objects.templateConfigMap()}) {
            cm.getMetadata().setLabels(new java.util.LinkedHashMap<>(Map.of(
                    SparkLabels.APP_NAME, app.getMetadata().getName(),
                    SparkLabels.LAUNCHED_BY_OPERATOR, "true",
                    SparkLabels.SUBMISSION_ID, submissionId)));
        }
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new InvalidSparkApplication(field, problem);
        }
    }
}
