package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.NamePath;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.List;
import java.util.Optional;

/**
 * ConfigMaps into the Spark container, read-only, with kubeflow's names: {@code sparkConfigMap} as
 * {@code spark-configmap-volume} at {@code /etc/spark/conf} with {@code SPARK_CONF_DIR}, {@code hadoopConfigMap}
 * as {@code hadoop-configmap-volume} at {@code /etc/hadoop/conf} with {@code HADOOP_CONF_DIR}, and each of the
 * role's {@code configMaps} as {@code <name>-vol} at its path. The env var is set only when the mount is in
 * place, so it never points at a directory that is not there.
 */
public final class ConfigMapsMutator extends AppMutator {
    /** kubeflow's volume name for {@code sparkConfigMap}. */
    public static final String SPARK_CONFIG_VOLUME = "spark-configmap-volume";
    /** Where {@code sparkConfigMap} is mounted. */
    public static final String SPARK_CONF_DIR = "/etc/spark/conf";
    /** kubeflow's volume name for {@code hadoopConfigMap}. */
    public static final String HADOOP_CONFIG_VOLUME = "hadoop-configmap-volume";
    /** Where {@code hadoopConfigMap} is mounted. */
    public static final String HADOOP_CONF_DIR = "/etc/hadoop/conf";

    @Override
    public String name() {
        return "config-maps";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        String sparkConfigMap = app.getSpec().sparkConfigMap();
        String hadoopConfigMap = app.getSpec().hadoopConfigMap();
        List<NamePath> configMaps = role.configMaps();
        if (sparkConfigMap == null && hadoopConfigMap == null && configMaps.isEmpty()) {
            return;
        }
        Optional<Container> container = sparkContainer(context, pod, roleField + ".configMaps");
        if (container.isEmpty()) {
            return;
        }
        Container c = container.get();
        if (sparkConfigMap != null && mount(context, pod, c, sparkConfigMap, SPARK_CONFIG_VOLUME, SPARK_CONF_DIR,
                "spec.sparkConfigMap")) {
            // Spark sets SPARK_CONF_DIR=/opt/spark/conf; replacing it in place is what makes the ConfigMap count.
            PodEdits.putEnv(context, c, new EnvVar("SPARK_CONF_DIR", SPARK_CONF_DIR, null), "spec.sparkConfigMap");
        }
        if (hadoopConfigMap != null && mount(context, pod, c, hadoopConfigMap, HADOOP_CONFIG_VOLUME, HADOOP_CONF_DIR,
                "spec.hadoopConfigMap")) {
            PodEdits.putEnv(context, c, new EnvVar("HADOOP_CONF_DIR", HADOOP_CONF_DIR, null), "spec.hadoopConfigMap");
        }
        for (int i = 0; i < configMaps.size(); i++) {
            NamePath cm = configMaps.get(i);
            String field = roleField + ".configMaps[" + i + "]";
            if (cm.name() == null || cm.path() == null) {
                context.warn(field + ": needs a name and a path: skipped");
                continue;
            }
            mount(context, pod, c, cm.name(), DnsNames.volumeName(cm.name(), "-vol"), cm.path(), field);
        }
    }

    /** Adds the ConfigMap volume and its read-only mount; true when both are in place. */
    static boolean mount(MutationContext context, Pod pod, Container container, String configMap, String volumeName,
                         String path, String field) {
        if (!DnsNames.isSubdomain(configMap)) {
            context.warn(field + ": \"" + configMap + "\" is not a valid ConfigMap name: not mounted");
            return false;
        }
        if (!path.startsWith("/")) {
            context.warn(field + ": path \"" + path + "\" is not absolute: not mounted");
            return false;
        }
        return PodEdits.addVolumeWithMount(context, pod, container, Volumes.configMap(volumeName, configMap),
                Volumes.mount(volumeName, path, true), field);
    }
}
