package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The volumes and mounts the mutators create, made with plain setters: fabric8's {@code VolumeBuilder} first
 * copies an empty {@code Volume} through each of its thirty-odd volume-source fields, which cost about 1.2 µs
 * per volume, a tenth of a whole mutation (docs/benchmarks.md, issue 3).
 */
final class Volumes {
    private Volumes() {
    }

    /** A volume of the ConfigMap. */
    static Volume configMap(String volumeName, String configMap) {
        ConfigMapVolumeSource source = new ConfigMapVolumeSource();
        source.setName(configMap);
        Volume volume = named(volumeName);
        volume.setConfigMap(source);
        return volume;
    }

    /** A volume of the Secret. */
    static Volume secret(String volumeName, String secretName) {
        SecretVolumeSource source = new SecretVolumeSource();
        source.setSecretName(secretName);
        Volume volume = named(volumeName);
        volume.setSecret(source);
        return volume;
    }

    /** A volume of the PersistentVolumeClaim. */
    static Volume claim(String volumeName, String claimName) {
        PersistentVolumeClaimVolumeSource source = new PersistentVolumeClaimVolumeSource();
        source.setClaimName(claimName);
        Volume volume = named(volumeName);
        volume.setPersistentVolumeClaim(source);
        return volume;
    }

    /** A mount of the volume at the path; {@code readOnly} is left out unless true, as Spark leaves it out. */
    static VolumeMount mount(String volumeName, String path, boolean readOnly) {
        VolumeMount mount = new VolumeMount();
        mount.setName(volumeName);
        mount.setMountPath(path);
        if (readOnly) {
            mount.setReadOnly(true);
        }
        return mount;
    }

    private static Volume named(String name) {
        Volume volume = new Volume();
        volume.setName(name);
        return volume;
    }
}
