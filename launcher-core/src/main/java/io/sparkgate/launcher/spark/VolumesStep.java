package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.NFSVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark's {@code MountVolumesFeatureStep} for the driver: {@code spark.kubernetes.driver.volumes.<type>.<name>.*}
 * for hostPath, emptyDir, persistentVolumeClaim and nfs volumes. On-demand claims (which make Spark create a
 * PersistentVolumeClaim) are refused.
 */
final class VolumesStep implements DriverStep {
    private static final String PREFIX = "spark.kubernetes.driver.volumes.";

    @Override
    public void apply(DriverDraft d) {
        Map<String, Map<String, String>> byVolume = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        d.withPrefix(PREFIX).forEach((rest, value) -> {
            String[] parts = rest.split("\\.", 3);
            if (parts.length < 3) {
                throw new IllegalArgumentException(PREFIX + rest + ": expected " + PREFIX
                        + "<type>.<name>.mount.<option> or .options.<option>");
            }
            String previous = types.putIfAbsent(parts[1], parts[0]);
            if (previous != null && !previous.equals(parts[0])) {
                throw new IllegalArgumentException(PREFIX + rest + ": volume " + parts[1] + " is declared as both "
                        + previous + " and " + parts[0]);
            }
            byVolume.computeIfAbsent(parts[1], k -> new TreeMap<>()).put(parts[2], value);
        });
        byVolume.forEach((name, opts) -> add(d, types.get(name), name, opts));
    }

    private static void add(DriverDraft d, String type, String name, Map<String, String> o) {
        String key = PREFIX + type + "." + name + ".";
        String path = o.get("mount.path");
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(key + "mount.path: required");
        }
        boolean readOnly = Boolean.parseBoolean(o.getOrDefault("mount.readOnly", "false"));
        VolumeMountBuilder mount = new VolumeMountBuilder().withMountPath(path).withReadOnly(readOnly)
                .withSubPath(o.getOrDefault("mount.subPath", "")).withName(name);
        if (d.submission.sparkVersion().atLeast(4, 0)) {
            mount.withSubPathExpr(o.getOrDefault("mount.subPathExpr", ""));
        }
        VolumeBuilder volume = new VolumeBuilder().withName(name);
        switch (type) {
            case "hostPath" -> volume.withHostPath(new HostPathVolumeSource(required(o, key, "options.path"),
                    o.getOrDefault("options.type", "")));
            case "persistentVolumeClaim" -> {
                String claim = required(o, key, "options.claimName");
                if (claim.startsWith("OnDemand") || o.containsKey("options.storageClass")) {
                    throw new IllegalArgumentException(key + "options.claimName: on-demand claims are not supported "
                            + "for the driver; create the PersistentVolumeClaim and name it");
                }
                volume.withPersistentVolumeClaim(new PersistentVolumeClaimVolumeSource(
                        d.substituteIds(claim), readOnly));
            }
            case "emptyDir" -> volume.withEmptyDir(new EmptyDirVolumeSourceBuilder()
                    .withMedium(o.getOrDefault("options.medium", ""))
                    .withSizeLimit(o.containsKey("options.sizeLimit") ? new Quantity(o.get("options.sizeLimit")) : null)
                    .build());
            case "nfs" -> volume.withNfs(new NFSVolumeSource(required(o, key, "options.path"), readOnly,
                    required(o, key, "options.server")));
            default -> throw new IllegalArgumentException(PREFIX + type + "." + name
                    + ": unknown volume type " + type + " (hostPath, emptyDir, persistentVolumeClaim or nfs)");
        }
        d.spec.addToVolumes(volume.build());
        d.container.addToVolumeMounts(mount.build());
    }

    private static String required(Map<String, String> o, String key, String option) {
        String v = o.get(option);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + option + ": required");
        }
        return v;
    }
}
