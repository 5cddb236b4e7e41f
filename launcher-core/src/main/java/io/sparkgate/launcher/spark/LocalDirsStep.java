package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/**
 * Spark's {@code LocalDirsFeatureStep}: scratch space for shuffle and spills. Unless the pod already mounts
 * {@code spark-local-dir-*} volumes, each directory of {@code spark.local.dir} (default
 * {@code /var/data/spark-<uuid>}) becomes an emptyDir {@code spark-local-dir-<n>}, in memory when
 * {@code spark.kubernetes.local.dirs.tmpfs} is true; {@code SPARK_LOCAL_DIRS} lists them.
 */
final class LocalDirsStep implements DriverStep {

    @Override
    public void apply(DriverDraft d) {
        List<String> existing = d.container.buildVolumeMounts() == null ? List.of()
                : d.container.buildVolumeMounts().stream().filter(m -> m.getName().startsWith("spark-local-dir-"))
                .map(VolumeMount::getMountPath).toList();
        List<String> dirs = existing;
        if (existing.isEmpty()) {
            dirs = List.of(d.conf("spark.local.dir", "/var/data/spark-" + d.ids.localDirUuid()).split(","));
            boolean tmpfs = Boolean.parseBoolean(d.conf("spark.kubernetes.local.dirs.tmpfs", "false"));
            for (int i = 0; i < dirs.size(); i++) {
                String name = "spark-local-dir-" + (i + 1);
                d.spec.addNewVolume().withName(name).withNewEmptyDir().withMedium(tmpfs ? "Memory" : null).endEmptyDir()
                        .endVolume();
            }
        }
        d.container.addNewEnv().withName("SPARK_LOCAL_DIRS").withValue(String.join(",", dirs)).endEnv();
        if (existing.isEmpty()) {
            for (int i = 0; i < dirs.size(); i++) {
                d.container.addNewVolumeMount().withName("spark-local-dir-" + (i + 1)).withMountPath(dirs.get(i))
                        .endVolumeMount();
            }
        }
    }
}
