package io.sparkgate.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out one pod's files as its container would see them: {@code rootfs/} holds the image (Spark's jars and image
 * files, linked) and every volume mount at its container path; {@code volumes/<name>/} holds each volume's content:
 * configMap and secret volumes written from the stored objects (honouring {@code items}), emptyDir an empty
 * directory, a persistentVolumeClaim a directory per claim (as a local-path provisioner), hostPath a link to a directory under the sandbox and refused elsewhere. A mount replaces what the image
 * had at its path, as in a container, and {@code subPath} mounts one entry of a volume.
 */
final class PodFilesystem {
    private final KubernetesClient client;
    private final SparkImage image;
    private final Path hostPathSandbox;
    private final Path claimsDir;
    private final Path imageDir;

    /**
     * @param hostPathSandbox the only directory hostPath volumes may point into; null refuses all of them
     * @param claimsDir       where PersistentVolumeClaims live, one directory each
     * @param imageDir        where {@link #prepareImage} laid out the image, shared by all pods
     */
    PodFilesystem(KubernetesClient client, SparkImage image, Path hostPathSandbox, Path claimsDir, Path imageDir) {
        this.claimsDir = claimsDir;
        this.imageDir = imageDir;
        this.client = client;
        this.image = image;
        this.hostPathSandbox = hostPathSandbox == null ? null : hostPathSandbox.toAbsolutePath().normalize();
    }

    /** Creates the pod's files under {@code podDir} and returns how its container paths map there. */
    PathMap create(Pod pod, Container container, Path podDir) throws PodRejected, IOException {
        Path rootfs = podDir.resolve("rootfs");
        Files.createDirectories(rootfs);
        // Files added to /opt/spark/jars are inside the image's jars directory already (prepareImage).
        List<String> imagePaths = new ArrayList<>(image.files().keySet().stream()
                .filter(p -> !p.startsWith(SparkImage.JARS + "/")).toList());
        imagePaths.add(SparkImage.JARS);
        for (String path : imagePaths) {
            Path at = rootfs.resolve(path.substring(1));
            Files.createDirectories(at.getParent());
            link(at, imageDir.resolve(path.substring(1)));
        }
        Files.createDirectories(rootfs.resolve(SparkImage.SPARK_HOME.substring(1)).resolve("work-dir"));
        Map<String, Path> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            volumes.put(volume.getName(), volume(pod, volume, podDir.resolve("volumes").resolve(volume.getName())));
        }
        List<String> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Path source = volumes.get(mount.getName());
            if (source == null) {
                throw new PodRejected("FailedMount", "volumeMount " + mount.getName() + " names no volume of the pod");
            }
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                source = inside(source, mount.getSubPath(), "subPath of volumeMount " + mount.getName());
            }
            String at = Path.of(mount.getMountPath()).normalize().toString();
            Path target = rootfs.resolve(at.substring(1));
            deleteTree(target);
            Files.createDirectories(target.getParent());
            Files.createSymbolicLink(target, source);
            mounts.add(at);
        }
        return new PathMap(rootfs, mounts);
    }

    /**
     * Lays out the image once for all pods: {@code /opt/spark/jars} as a directory of links to Spark's jars and
     * each image file as a link, so that each pod's root needs only a few links into it.
     */
    static void prepareImage(SparkImage image, Path imageDir) throws IOException {
        Path jars = Files.createDirectories(imageDir.resolve(SparkImage.JARS.substring(1)));
        for (Path jar : image.jars()) {
            link(jars.resolve(jar.getFileName().toString()), jar);
        }
        for (Map.Entry<String, Path> file : image.files().entrySet()) {
            Path at = imageDir.resolve(file.getKey().substring(1));
            Files.createDirectories(at.getParent());
            link(at, file.getValue());
        }
    }

    /** Removes the image's links (never what they point to). */
    static void removeImage(Path imageDir) throws IOException {
        deleteTree(imageDir);
    }

    private Path volume(Pod pod, Volume volume, Path dir) throws PodRejected, IOException {
        String ns = pod.getMetadata().getNamespace();
        if (volume.getEmptyDir() != null) {
            return Files.createDirectories(dir);
        }
        if (volume.getConfigMap() != null) {
            String name = volume.getConfigMap().getName();
            ConfigMap map = client.configMaps().inNamespace(ns).withName(name).get();
            if (map == null) {
                return missing(volume, "configmap \"" + name + "\"", volume.getConfigMap().getOptional(), dir);
            }
            Map<String, byte[]> data = new LinkedHashMap<>();
            map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            return write(volume, data, volume.getConfigMap().getItems(), dir);
        }
        if (volume.getSecret() != null) {
            String name = volume.getSecret().getSecretName();
            Secret secret = client.secrets().inNamespace(ns).withName(name).get();
            if (secret == null) {
                return missing(volume, "secret \"" + name + "\"", volume.getSecret().getOptional(), dir);
            }
            Map<String, byte[]> data = new LinkedHashMap<>();
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            return write(volume, data, volume.getSecret().getItems(), dir);
        }
        if (volume.getPersistentVolumeClaim() != null) {
            // As a local-path provisioner: each claim is one directory on this machine, shared by the pods using it.
            String claim = volume.getPersistentVolumeClaim().getClaimName();
            if (client.persistentVolumeClaims().inNamespace(ns).withName(claim).get() == null) {
                throw new PodRejected("FailedMount", "volume " + volume.getName() + ": persistentvolumeclaim \""
                        + claim + "\" not found", true);
            }
            return Files.createDirectories(claimsDir.resolve(ns).resolve(claim));
        }
        if (volume.getHostPath() != null) {
            Path host = Path.of(volume.getHostPath().getPath()).toAbsolutePath().normalize();
            if (hostPathSandbox == null || !host.startsWith(hostPathSandbox)) {
                throw new PodRejected("FailedMount", "hostPath volume " + volume.getName() + " (" + host
                        + ") is refused: the local kubelet mounts host paths only under "
                        + (hostPathSandbox == null ? "a sandbox, and none is set" : hostPathSandbox));
            }
            Files.createDirectories(host);
            return host;
        }
        throw new PodRejected("FailedMount", "volume " + volume.getName() + " is of a kind the local kubelet "
                + "cannot mount (it mounts configMap, secret, emptyDir, persistentVolumeClaim and sandboxed hostPath)");
    }

    private static Path missing(Volume volume, String what, Boolean optional, Path dir) throws PodRejected,
            IOException {
        if (Boolean.TRUE.equals(optional)) {
            return Files.createDirectories(dir);
        }
        throw new PodRejected("FailedMount", "volume " + volume.getName() + ": " + what + " not found", true);
    }

    private static Path write(Volume volume, Map<String, byte[]> data, List<KeyToPath> items, Path dir)
            throws PodRejected, IOException {
        Files.createDirectories(dir);
        if (items == null || items.isEmpty()) {
            for (Map.Entry<String, byte[]> entry : data.entrySet()) {
                Files.write(inside(dir, entry.getKey(), "key of volume " + volume.getName()), entry.getValue());
            }
            return dir;
        }
        for (KeyToPath item : items) {
            byte[] bytes = data.get(item.getKey());
            if (bytes == null) {
                throw new PodRejected("FailedMount", "volume " + volume.getName() + " lists key " + item.getKey()
                        + ", which its object does not have");
            }
            Path file = inside(dir, item.getPath(), "item path of volume " + volume.getName());
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        }
        return dir;
    }

    /** {@code relative} under {@code dir}, refusing paths that climb out of it. */
    private static Path inside(Path dir, String relative, String what) throws PodRejected {
        Path resolved = dir.resolve(relative).normalize();
        if (relative.startsWith("/") || !resolved.startsWith(dir)) {
            throw new PodRejected("FailedMount", what + " \"" + relative + "\" leaves the volume");
        }
        return resolved;
    }

    private static void link(Path at, Path target) throws IOException {
        if (!Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(at, target);
        }
    }

    /** Deletes a tree without following links, so linked image files and volumes stay intact. */
    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
