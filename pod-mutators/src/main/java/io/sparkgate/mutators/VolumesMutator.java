package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.List;
import java.util.Optional;

/**
 * The role's {@code volumeMounts} into the Spark container, with those of the app's {@code volumes} they name (a
 * volume no mount of this role names is not added). Spark creates {@code spark-local-dir-*} volumes itself, so
 * mounts of that prefix are left to Spark, as kubeflow does.
 */
public final class VolumesMutator extends AppMutator {
    /** The prefix of the local-dir volumes Spark creates for {@code spark.local.dir}. */
    public static final String LOCAL_DIR_PREFIX = "spark-local-dir-";

    @Override
    public String name() {
        return "volumes";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        List<VolumeMount> mounts = role.volumeMounts();
        if (mounts.isEmpty()) {
            return;
        }
        Optional<Container> container = sparkContainer(context, pod, roleField + ".volumeMounts");
        if (container.isEmpty()) {
            return;
        }
        List<Volume> volumes = app.getSpec().volumes();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i);
            String field = roleField + ".volumeMounts[" + i + "]";
            if (mount.getName() == null || mount.getMountPath() == null || !mount.getMountPath().startsWith("/")) {
                context.warn(field + ": a volume mount needs a name and an absolute mountPath: skipped");
                continue;
            }
            if (mount.getName().startsWith(LOCAL_DIR_PREFIX)) {
                continue;
            }
            Optional<Volume> volume = volumes.stream().filter(v -> mount.getName().equals(v.getName())).findFirst();
            if (volume.isEmpty() && !PodEdits.hasVolume(pod, mount.getName())) {
                context.warn(field + ": names volume \"" + mount.getName()
                        + "\", which is neither in spec.volumes nor in the pod: not mounted");
                continue;
            }
            if (volume.isPresent()) {
                PodEdits.addVolumeWithMount(context, pod, container.get(), PodEdits.copy(volume.get()),
                        PodEdits.copy(mount), field);
            } else {
                PodEdits.addVolumeMount(context, pod, container.get(), PodEdits.copy(mount), field);
            }
        }
    }
}
