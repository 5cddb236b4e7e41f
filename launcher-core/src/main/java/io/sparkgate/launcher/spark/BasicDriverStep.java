package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.spark.MemoryRule;
import io.sparkgate.api.spark.RoleDemand;
import io.sparkgate.api.spark.SparkConfKeys;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark's {@code BasicDriverFeatureStep}: name, labels and annotations, image, ports, env, CPU and memory, node
 * selectors and pull secrets; and the properties {@code spark.kubernetes.driver.pod.name}, {@code spark.app.id},
 * {@code spark.kubernetes.submitInDriver} and {@code spark.kubernetes.memoryOverheadFactor}.
 */
final class BasicDriverStep implements DriverStep {
    static final String CONTAINER_NAME = "spark-kubernetes-driver";

    @Override
    public void apply(DriverDraft d) {
        String image = d.conf().getOrDefault("spark.kubernetes.driver.container.image",
                d.conf().get("spark.kubernetes.container.image"));
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("spark.kubernetes.container.image: the driver needs an image");
        }
        if (d.container.getName() == null) {
            d.container.withName(CONTAINER_NAME);
        }
        d.container.withImage(image)
                .withImagePullPolicy(d.conf("spark.kubernetes.container.image.pullPolicy", "IfNotPresent"));
        ports(d);
        env(d);
        resources(d);
        podLevel(d);
        boolean jvm = d.submission.type().isJvm();
        d.systemProperties.put("spark.kubernetes.driver.pod.name", d.driverPodName());
        d.systemProperties.put("spark.app.id", d.ids.appId());
        d.systemProperties.put("spark.kubernetes.submitInDriver", "true");
        d.systemProperties.put(SparkConfKeys.K8S_MEMORY_OVERHEAD_FACTOR, Double.toString(defaultFactor(d, jvm)));
    }

    /** The driver's labels: user labels under Spark's own, which the user may not override. */
    static Map<String, String> labels(DriverDraft d) {
        Map<String, String> preset = new LinkedHashMap<>();
        SparkVersion v = d.submission.sparkVersion();
        if (v.atLeast(3, 5)) {
            preset.put(SparkLabels.SPARK_VERSION, v.text());
        }
        preset.put(SparkLabels.SPARK_APP_SELECTOR, d.ids.appId());
        if (v.atLeast(3, 4)) {
            preset.put(SparkLabels.SPARK_APP_NAME, SparkNames.appNameLabel(d.submission.appName()));
        }
        preset.put(SparkLabels.SPARK_ROLE, SparkRole.DRIVER.label());
        Map<String, String> labels = new TreeMap<>();
        d.withPrefix("spark.kubernetes.driver.label.").forEach((k, v2) -> {
            if (preset.containsKey(k)) {
                throw new IllegalArgumentException("spark.kubernetes.driver.label." + k
                        + ": label " + k + " is reserved for Spark");
            }
            labels.put(k, d.substituteIds(v2));
        });
        labels.putAll(preset);
        return labels;
    }

    private static void ports(DriverDraft d) {
        int blockManager = d.intConf("spark.driver.blockManager.port", d.intConf("spark.blockManager.port", 7079));
        d.container.addNewPort().withName("driver-rpc-port").withContainerPort(d.intConf("spark.driver.port", 7078))
                .withProtocol("TCP").endPort()
                .addNewPort().withName("blockmanager").withContainerPort(blockManager).withProtocol("TCP").endPort()
                .addNewPort().withName("spark-ui").withContainerPort(d.intConf("spark.ui.port", 4040))
                .withProtocol("TCP").endPort();
        if (d.submission.sparkVersion().atLeast(4, 1)) {
            d.container.addNewPort().withName("spark-connect")
                    .withContainerPort(d.intConf("spark.connect.grpc.binding.port", 15002)).withProtocol("TCP").endPort();
        }
    }

    private static void env(DriverDraft d) {
        d.container.addNewEnv().withName("SPARK_USER").withValue(d.sparkUser).endEnv()
                .addNewEnv().withName("SPARK_APPLICATION_ID").withValue(d.ids.appId()).endEnv();
        d.withPrefix("spark.kubernetes.driverEnv.").forEach((k, v) -> d.container.addNewEnv().withName(k).withValue(v)
                .endEnv());
        d.container.addToEnv(new EnvVarBuilder().withName("SPARK_DRIVER_BIND_ADDRESS")
                .withNewValueFrom().withNewFieldRef("v1", "status.podIP").endValueFrom().build());
    }

    private static void resources(DriverDraft d) {
        Map<String, String> conf = d.conf();
        String cores = conf.getOrDefault(SparkConfKeys.cores(SparkRole.DRIVER), "1");
        try {
            if (Integer.parseInt(cores.trim()) <= 0) {
                throw new IllegalArgumentException(SparkConfKeys.cores(SparkRole.DRIVER)
                        + ": must be a positive whole number, was " + cores);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SparkConfKeys.cores(SparkRole.DRIVER)
                    + ": \"" + cores + "\" is not a whole number of cores", e);
        }
        String request = conf.getOrDefault(SparkConfKeys.requestCores(SparkRole.DRIVER), cores.trim());
        RoleDemand.cpuMillis(request, SparkConfKeys.requestCores(SparkRole.DRIVER));
        Quantity memory = new Quantity(MemoryRule.podMemoryMiB(conf, SparkRole.DRIVER, d.submission.type().isJvm())
                + "Mi");
        var res = d.container.editOrNewResources().addToRequests("cpu", new Quantity(request));
        String limit = conf.get(SparkConfKeys.limitCores(SparkRole.DRIVER));
        if (limit != null) {
            RoleDemand.cpuMillis(limit, SparkConfKeys.limitCores(SparkRole.DRIVER));
            res.addToLimits("cpu", new Quantity(limit));
        }
        res.addToRequests("memory", memory).addToLimits("memory", memory);
        customResources(d).forEach((k, v) -> res.addToLimits(k, new Quantity(v)));
        res.endResources();
    }

    // spark.driver.resource.<name>.amount with .vendor: a vendor resource limit such as nvidia.com/gpu.
    private static Map<String, String> customResources(DriverDraft d) {
        Map<String, String> out = new TreeMap<>();
        d.withPrefix("spark.driver.resource.").forEach((k, v) -> {
            if (k.endsWith(".amount")) {
                String name = k.substring(0, k.length() - ".amount".length());
                String vendor = d.conf().get("spark.driver.resource." + name + ".vendor");
                if (vendor == null) {
                    throw new IllegalArgumentException("spark.driver.resource." + name
                            + ".vendor: required on Kubernetes when an amount is given");
                }
                out.put(vendor + "/" + name, v);
            }
        });
        return out;
    }

    private static void podLevel(DriverDraft d) {
        Map<String, String> annotations = new TreeMap<>();
        d.withPrefix("spark.kubernetes.driver.annotation.").forEach((k, v) -> annotations.put(k, d.substituteIds(v)));
        d.metadata.withName(d.driverPodName()).addToLabels(labels(d)).addToAnnotations(annotations);
        List<LocalObjectReference> pullSecrets = Arrays.stream(d.conf("spark.kubernetes.container.image.pullSecrets", "")
                .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(LocalObjectReference::new).toList();
        d.spec.withRestartPolicy("Never")
                .addToNodeSelector(d.withPrefix("spark.kubernetes.node.selector."))
                .addToNodeSelector(d.withPrefix("spark.kubernetes.driver.node.selector."))
                .addAllToImagePullSecrets(pullSecrets);
        String scheduler = d.conf().getOrDefault("spark.kubernetes.driver.scheduler.name",
                d.conf().get("spark.kubernetes.scheduler.name"));
        if (scheduler != null) {
            d.spec.withSchedulerName(scheduler);
        }
    }

    private static double defaultFactor(DriverDraft d, boolean jvm) {
        String set = d.conf().get(SparkConfKeys.K8S_MEMORY_OVERHEAD_FACTOR);
        if (set == null) {
            return jvm ? MemoryRule.JVM_FACTOR : MemoryRule.NON_JVM_FACTOR;
        }
        try {
            return Double.parseDouble(set.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SparkConfKeys.K8S_MEMORY_OVERHEAD_FACTOR + ": \"" + set
                    + "\" is not a number", e);
        }
    }
}
