package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;

/**
 * Spark's {@code PodTemplateConfigMapStep}: an executor pod template travels to the driver in a ConfigMap mounted at
 * {@code /opt/spark/pod-template}, and {@code spark.kubernetes.executor.podTemplateFile} points the driver at it.
 */
final class PodTemplateStep implements DriverStep {
    static final String FILE = "pod-spec-template.yml";
    static final String MOUNT = "/opt/spark/pod-template";
    static final String VOLUME = "pod-template-volume";

    @Override
    public void apply(DriverDraft d) {
        String template = d.submission.executorTemplate();
        if (template == null) {
            return;
        }
        String name = SparkNames.podTemplateConfigMapName(d.resourceNamePrefix);
        d.templateConfigMap = new ConfigMapBuilder().withNewMetadata().withName(name)
                .withNamespace(d.submission.namespace()).endMetadata().addToData(FILE, template).build();
        d.spec.addNewVolume().withName(VOLUME).withNewConfigMap().withName(name)
                .withItems(new KeyToPath(FILE, 420, FILE)).endConfigMap().endVolume();
        d.container.addNewVolumeMount().withName(VOLUME).withMountPath(MOUNT).endVolumeMount();
        d.systemProperties.put("spark.kubernetes.executor.podTemplateFile", MOUNT + "/" + FILE);
    }
}
