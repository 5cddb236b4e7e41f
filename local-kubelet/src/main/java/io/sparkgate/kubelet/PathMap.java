package io.sparkgate.kubelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates paths as a container sees them into paths on this machine: a path inside one of the pod's mounts or
 * present in its image (Spark's jars, the examples jar) lives under the pod's root directory; any other path (
 * {@code /tmp}, the JDK) is left alone. Values may be bare paths, {@code local://} or {@code file:} URIs,
 * comma-separated lists of them, or {@code key=value} JVM options.
 */
final class PathMap {
    private static final List<String> SCHEMES = List.of("local://", "file://", "file:");
    private final Path rootfs;
    private final List<String> mounts;

    /**
     * @param rootfs the pod's root directory, holding its image files and mounts at their container paths
     * @param mounts the container paths of the pod's mounts
     */
    PathMap(Path rootfs, List<String> mounts) {
        this.rootfs = rootfs;
        this.mounts = List.copyOf(mounts);
    }

    /** The pod's root directory. */
    Path rootfs() {
        return rootfs;
    }

    /** The machine path of a container path (an absolute path into a mount or the image), else the path itself. */
    String path(String containerPath) {
        if (!containerPath.startsWith("/") || containerPath.startsWith("//")) {
            return containerPath;
        }
        String normalized = Path.of(containerPath).normalize().toString();
        Path local = rootfs.resolve(normalized.substring(1));
        boolean inMount = mounts.stream().anyMatch(m -> normalized.equals(m) || normalized.startsWith(m + "/"));
        boolean inImage = normalized.equals(SparkImage.SPARK_HOME)
                || normalized.startsWith(SparkImage.SPARK_HOME + "/") || Files.exists(local);
        return inMount || inImage ? local.toString() : containerPath;
    }

    /** Maps every path in a value: URIs keep their scheme, lists their commas, {@code k=v} options their key. */
    String value(String value) {
        if (value.contains(",")) {
            List<String> parts = new ArrayList<>();
            for (String part : value.split(",", -1)) {
                parts.add(value(part));
            }
            return String.join(",", parts);
        }
        for (String scheme : SCHEMES) {
            if (value.startsWith(scheme) && value.length() > scheme.length()
                    && value.charAt(scheme.length()) == '/') {
                return scheme + path(value.substring(scheme.length()));
            }
        }
        int eq = value.indexOf('=');
        if (value.startsWith("-D") && eq > 0) {
            return value.substring(0, eq + 1) + value(value.substring(eq + 1));
        }
        return path(value);
    }
}
