package io.sparkgate.launcher.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark release as {@code spec.sparkVersion} names it ({@code 3.5.3}, {@code 4.1.1}, {@code 4.0.0-preview2}); the
 * launcher switches on it where Spark 3.5 and 4.x create different objects.
 *
 * @param major the major version
 * @param minor the minor version
 * @param text  the version exactly as written, for the {@code spark-version} label
 */
public record SparkVersion(int major, int minor, String text) {
    private static final Pattern FORMAT = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+.][0-9A-Za-z.-]+)?$");
    /** The oldest release whose objects the launcher reproduces. */
    public static final SparkVersion OLDEST = new SparkVersion(3, 0, "3.0.0");

    /**
     * Reads a version string.
     *
     * @throws IllegalArgumentException when the text is not {@code major.minor[.patch][-suffix]}
     */
    public static SparkVersion parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a Spark version (e.g. 3.5.3 or 4.1.1)");
        }
        return new SparkVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text.trim());
    }

    /** Whether this release is the given one or newer. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** The version as written. */
    @Override
    public String toString() {
        return text;
    }
}
