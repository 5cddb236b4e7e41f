package io.sparkgate.api.spark;

import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.DynamicAllocation;
import io.sparkgate.api.v1beta2.ExecutorSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spark configuration a SparkApplication amounts to, as kubeflow's operator passes it to spark-submit:
 * the four typed fields kubeflow passes before {@code sparkConf} (pull policy, pull secrets, Python version, memory
 * overhead factor), then {@code sparkConf}, which wins over them, then {@code hadoopConf} as {@code spark.hadoop.*},
 * then every other typed spec field, which wins over the same key in {@code sparkConf} (kubeflow's order). The
 * launcher writes this into {@code spark.properties}; quota accounting reads resources from it, so both agree.
 */
public final class SparkConfMapping {
    private SparkConfMapping() {
    }

    /** The Spark key a {@code hadoopConf} key becomes: {@code spark.hadoop.<key>}. */
    public static String hadoopKey(String hadoopConfKey) {
        return "spark.hadoop." + hadoopConfKey;
    }

    /** The effective configuration of the app, in insertion order. */
    public static Map<String, String> effectiveConf(SparkApplication app) {
        SparkApplicationSpec spec = app.getSpec();
        Map<String, String> conf = new LinkedHashMap<>();
        // kubeflow passes these --conf before sparkConf, so the same key in sparkConf wins (the last --conf does).
        putIfSet(conf, "spark.kubernetes.container.image.pullPolicy", spec.imagePullPolicy());
        putJoined(conf, "spark.kubernetes.container.image.pullSecrets", spec.imagePullSecrets());
        putIfSet(conf, "spark.kubernetes.pyspark.pythonVersion", spec.pythonVersion());
        putIfSet(conf, SparkConfKeys.K8S_MEMORY_OVERHEAD_FACTOR, spec.memoryOverheadFactor());
        conf.putAll(spec.sparkConf());
        spec.hadoopConf().forEach((k, v) -> conf.put(hadoopKey(k), v));
        // Typed fields from here on win over sparkConf: kubeflow passes them after it (--name, --jars, ... win
        // over their conf keys in SparkSubmitArguments whatever the order).
        putIfSet(conf, "spark.app.name", app.getMetadata().getName());
        putIfSet(conf, "spark.kubernetes.namespace", app.getMetadata().getNamespace());
        putIfSet(conf, "spark.kubernetes.container.image", spec.image());
        spec.nodeSelector().forEach((k, v) -> conf.put("spark.kubernetes.node.selector." + k, v));
        deps(conf, spec);
        role(conf, app, SparkRole.DRIVER, spec.driver());
        role(conf, app, SparkRole.EXECUTOR, spec.executor());
        driverOnly(conf, spec);
        executorOnly(conf, spec.executor());
        dynamicAllocation(conf, spec.dynamicAllocation());
        KerberosConf.apply(conf, spec);
        return conf;
    }

    /** Whether the app runs in the JVM alone: Java and Scala apps, and apps whose type is missing. */
    public static boolean isJvm(SparkApplication app) {
        return app.getSpec().type() == null || app.getSpec().type().isJvm();
    }

    private static void deps(Map<String, String> conf, SparkApplicationSpec spec) {
        putJoined(conf, "spark.jars", spec.deps().jars());
        putJoined(conf, "spark.files", spec.deps().files());
        putJoined(conf, "spark.submit.pyFiles", spec.deps().pyFiles());
        putJoined(conf, "spark.jars.packages", spec.deps().packages());
        putJoined(conf, "spark.jars.excludes", spec.deps().excludePackages());
        putJoined(conf, "spark.jars.repositories", spec.deps().repositories());
        putJoined(conf, "spark.archives", spec.deps().archives());
    }

    private static void role(Map<String, String> conf, SparkApplication app, SparkRole role, SparkPodSpec pod) {
        String r = role.label();
        if (pod.cores() != null) {
            conf.put(SparkConfKeys.cores(role), Integer.toString(pod.cores()));
        }
        putIfSet(conf, SparkConfKeys.requestCores(role), pod.coreRequest());
        putIfSet(conf, SparkConfKeys.limitCores(role), pod.coreLimit());
        putIfSet(conf, SparkConfKeys.memory(role), pod.memory());
        putIfSet(conf, SparkConfKeys.memoryOverhead(role), pod.memoryOverhead());
        putIfSet(conf, "spark.kubernetes." + r + ".container.image", pod.image());
        putIfSet(conf, "spark.kubernetes.authenticate." + r + ".serviceAccountName", pod.serviceAccount());
        putIfSet(conf, "spark." + r + ".extraJavaOptions", pod.javaOptions());
        // kubeflow's submission copies the app's own labels to both pods first, so the role's labels win.
        if (app.getMetadata().getLabels() != null) {
            app.getMetadata().getLabels().forEach((k, v) -> conf.put("spark.kubernetes." + r + ".label." + k, v));
        }
        pod.labels().forEach((k, v) -> conf.put("spark.kubernetes." + r + ".label." + k, v));
        conf.put("spark.kubernetes." + r + ".label." + SparkLabels.APP_NAME, app.getMetadata().getName());
        conf.put("spark.kubernetes." + r + ".label." + SparkLabels.LAUNCHED_BY_OPERATOR, "true");
        pod.annotations().forEach((k, v) -> conf.put("spark.kubernetes." + r + ".annotation." + k, v));
        pod.nodeSelector().forEach((k, v) -> conf.put("spark.kubernetes." + r + ".node.selector." + k, v));
        String envPrefix = role == SparkRole.DRIVER ? "spark.kubernetes.driverEnv." : "spark.executorEnv.";
        pod.envVars().forEach((k, v) -> conf.put(envPrefix + k, v));
        pod.envSecretKeyRefs().forEach((k, ref) ->
                conf.put("spark.kubernetes." + r + ".secretKeyRef." + k, ref.name() + ":" + ref.key()));
    }

    private static void driverOnly(Map<String, String> conf, SparkApplicationSpec spec) {
        putIfSet(conf, "spark.kubernetes.driver.master", spec.driver().kubernetesMaster());
        spec.driver().serviceAnnotations()
                .forEach((k, v) -> conf.put("spark.kubernetes.driver.service.annotation." + k, v));
        spec.driver().serviceLabels().forEach((k, v) -> conf.put("spark.kubernetes.driver.service.label." + k, v));
    }

    private static void executorOnly(Map<String, String> conf, ExecutorSpec executor) {
        if (executor.instances() != null) {
            conf.put(SparkConfKeys.EXECUTOR_INSTANCES, Integer.toString(executor.instances()));
        }
        if (executor.deleteOnTermination() != null) {
            conf.put("spark.kubernetes.executor.deleteOnTermination", executor.deleteOnTermination().toString());
        }
    }

    private static void dynamicAllocation(Map<String, String> conf, DynamicAllocation da) {
        // kubeflow writes nothing unless enabled: a disabled block leaves sparkConf's setting (or Spark's default).
        if (da == null || !da.enabled()) {
            return;
        }
        conf.put(SparkConfKeys.DYNAMIC_ALLOCATION_ENABLED, "true");
        // Kubernetes has no external shuffle service: kubeflow turns on shuffle tracking with dynamic allocation.
        conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
        putIfSet(conf, "spark.dynamicAllocation.initialExecutors", da.initialExecutors());
        putIfSet(conf, "spark.dynamicAllocation.minExecutors", da.minExecutors());
        putIfSet(conf, SparkConfKeys.DYNAMIC_ALLOCATION_MAX, da.maxExecutors());
        putIfSet(conf, "spark.dynamicAllocation.shuffleTracking.timeout", da.shuffleTrackingTimeout());
    }

    private static void putIfSet(Map<String, String> conf, String key, Object value) {
        if (value != null) {
            conf.put(key, value.toString());
        }
    }

    private static void putJoined(Map<String, String> conf, String key, List<String> values) {
        if (!values.isEmpty()) {
            conf.put(key, String.join(",", values));
        }
    }
}
