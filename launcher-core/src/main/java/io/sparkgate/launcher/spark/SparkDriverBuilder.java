package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.sparkgate.api.Json;
import io.sparkgate.api.spark.DependencyUris;
import io.sparkgate.launcher.SubmissionObjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Spark's {@code KubernetesClientApplication} builds for a cluster-mode submission, without Spark: the
 * feature steps in Spark's order, then the {@code spark.properties} ConfigMap and its volume. Pure and
 * thread-safe; an {@link IllegalArgumentException} names the Spark setting that is wrong.
 */
public final class SparkDriverBuilder {
    private static final String CONF_VOLUME = "spark-conf-volume-driver";
    private static final String PROPERTIES = "spark.properties";
    private static final List<DriverStep> STEPS = List.of(new BasicDriverStep(), new CredentialsStep(),
            new DriverServiceStep(), SecretsStep.mounts(), SecretsStep.env(), new VolumesStep(),
            new DriverCommandStep(), new PodTemplateStep(), new LocalDirsStep());

    private final String masterUrl;
    private final String sparkUser;

    /**
     * Creates a builder.
     *
     * @param masterUrl {@code spark.master} as the driver will use it
     * @param sparkUser the submitting user, {@code SPARK_USER} unless the submission names a proxy user
     */
    public SparkDriverBuilder(String masterUrl, String sparkUser) {
        this.masterUrl = masterUrl;
        this.sparkUser = sparkUser;
    }

    /** Builds the driver pod, Service and ConfigMap (plus the executor template's ConfigMap if any). */
    public SubmissionObjects build(SparkSubmission submission, RunIds ids) {
        SparkSubmission resolved = withSubmitConf(submission, ids);
        ObjectMetaBuilder metadata = new ObjectMetaBuilder();
        PodSpecBuilder spec = new PodSpecBuilder();
        ContainerBuilder container = new ContainerBuilder();
        if (resolved.driverTemplate() != null) {
            Pod template = Json.deepCopy(resolved.driverTemplate(), Pod.class);
            container = new ContainerBuilder(selectContainer(template, resolved.conf()
                    .get("spark.kubernetes.driver.podTemplateContainerName")));
            metadata = template.getMetadata() == null ? metadata : new ObjectMetaBuilder(template.getMetadata());
            spec = new PodSpecBuilder(template.getSpec());
        }
        String user = resolved.proxyUser() != null ? resolved.proxyUser() : sparkUser;
        DriverDraft d = new DriverDraft(resolved, ids, user, metadata, spec, container);
        STEPS.forEach(step -> step.apply(d));
        return assemble(d);
    }

    // SparkSubmit's own settings, which it adds before handing the conf to the Kubernetes client.
    private SparkSubmission withSubmitConf(SparkSubmission s, RunIds ids) {
        Map<String, String> conf = new LinkedHashMap<>(s.conf());
        conf.put("spark.master", masterUrl);
        conf.put("spark.submit.deployMode", "cluster");
        conf.put("spark.app.submitTime", Long.toString(ids.submitTimeMillis()));
        conf.putIfAbsent("spark.submit.pyFiles", "");
        if (s.type().isJvm()) {
            // SparkSubmit.prepareSubmitEnvironment: jars = sparkConf.get(JARS) ++ Seq(primaryResource), so the
            // dependency jars come first and the primary resource last; class-path order decides which copy wins.
            String jars = conf.get("spark.jars");
            conf.put("spark.jars", jars == null || jars.isBlank() ? s.primaryResource()
                    : jars + "," + s.primaryResource());
        }
        for (String key : List.of("spark.jars", "spark.files", "spark.archives", "spark.submit.pyFiles")) {
            for (String uri : conf.getOrDefault(key, "").split(",")) {
                requireRemote(key, uri.trim());
            }
        }
        requireRemote("primary resource", s.primaryResource());
        return new SparkSubmission(s.type(), s.primaryResource(), s.mainClass(), s.appArgs(), conf, s.proxyUser(),
                s.sparkVersion(), s.driverTemplate(), s.executorTemplate());
    }

    // Spark would upload files from the submitter's disk to spark.kubernetes.file.upload.path; a launcher has no
    // such disk, so only local:// (inside the image) and remote URIs are accepted.
    private static void requireRemote(String key, String uri) {
        if (uri.isEmpty()) {
            return;
        }
        DependencyUris.problem(uri).ifPresent(p -> {
            throw new IllegalArgumentException(key + ": " + p);
        });
    }

    // KubernetesUtils.selectSparkContainer: the named container, else the first one, else an empty container.
    private static Container selectContainer(Pod template, String name) {
        List<Container> containers = new ArrayList<>(template.getSpec().getContainers());
        Container chosen = containers.stream().filter(c -> name != null && name.equals(c.getName())).findFirst()
                .orElse(containers.isEmpty() ? new Container() : containers.get(0));
        containers.remove(chosen);
        template.getSpec().setContainers(containers);
        return chosen;
    }

    private static SubmissionObjects assemble(DriverDraft d) {
        String cmName = SparkNames.driverConfigMapName(d.ids.configMapId());
        Map<String, String> props = new LinkedHashMap<>(d.conf());
        props.putAll(d.systemProperties);
        String ns = d.submission.namespace();
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(cmName).withNamespace(ns).endMetadata()
                .withImmutable(true)
                .addToData(PROPERTIES, PropertiesText.write(cmName, props,
                        Instant.ofEpochMilli(d.ids.submitTimeMillis())))
                .addToData("spark.kubernetes.namespace", ns)
                .build();
        Container container = d.container.addNewEnv().withName("SPARK_CONF_DIR")
                .withValue(DriverCommandStep.CONF_DIR).endEnv()
                .addNewVolumeMount().withName(CONF_VOLUME).withMountPath(DriverCommandStep.CONF_DIR).endVolumeMount()
                .build();
        d.spec.addToContainers(container)
                .addNewVolume().withName(CONF_VOLUME).withNewConfigMap().withName(cmName)
                .withItems(new KeyToPath(PROPERTIES, 420, PROPERTIES)).endConfigMap().endVolume();
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(d.metadata.withNamespace(ns).build());
        pod.setSpec(d.spec.build());
        return new SubmissionObjects(pod, d.service, configMap, d.templateConfigMap, props, d.ids.appId(),
                d.ids.submissionId(), null);
    }
}
