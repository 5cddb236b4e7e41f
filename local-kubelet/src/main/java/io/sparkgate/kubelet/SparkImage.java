package io.sparkgate.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code apache/spark:4.1.1} image holds, as files on this machine: Spark's jars (the image's
 * {@code /opt/spark/jars}) and single files at image paths such as {@code /opt/spark/examples/jars/spark-examples.jar}.
 * Read from the spark-runtime module's build output ({@code spark-classpath.txt}, {@code spark-examples.jar}), so
 * no sparkgate artifact carries Spark.
 *
 * @param jars  the jars of {@code /opt/spark/jars}
 * @param files image path to file on this machine
 */
public record SparkImage(List<Path> jars, Map<String, Path> files) {
    /** SPARK_HOME in the image. */
    public static final String SPARK_HOME = "/opt/spark";
    /** Where the image keeps Spark's jars. */
    public static final String JARS = SPARK_HOME + "/jars";
    /** The image's examples jar, which {@code examples/spark-pi.yaml} runs. */
    public static final String EXAMPLES_JAR = SPARK_HOME + "/examples/jars/spark-examples.jar";
    /** The system property naming the spark-runtime build directory, when it is not found next to the build. */
    public static final String RUNTIME_PROPERTY = "sparkgate.spark.runtime";
    private static final String CLASSPATH_FILE = "spark-classpath.txt";
    private static final String RUNTIME_DIR = "spark-runtime/target";

    public SparkImage {
        jars = List.copyOf(jars);
        files = Map.copyOf(files);
    }

    /**
     * Reads the image from a spark-runtime build directory.
     *
     * @throws IllegalStateException naming what is missing, when the directory does not hold a built runtime
     */
    public static SparkImage load(Path runtimeDir) {
        Path classpath = runtimeDir.resolve(CLASSPATH_FILE);
        Path examples = runtimeDir.resolve("spark-examples.jar");
        if (!Files.isRegularFile(classpath) || !Files.isRegularFile(examples)) {
            throw new IllegalStateException("no Spark runtime in " + runtimeDir + " (want " + CLASSPATH_FILE
                    + " and spark-examples.jar): build it with `mvn -B -q package -pl spark-runtime`");
        }
        List<Path> jars;
        try {
            jars = Arrays.stream(Files.readString(classpath, StandardCharsets.UTF_8).trim()
                    .split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Path> missing = jars.stream().filter(j -> !Files.isRegularFile(j)).findFirst();
        if (jars.isEmpty() || missing.isPresent()) {
            throw new IllegalStateException("the Spark runtime in " + runtimeDir + " lists a jar that is gone ("
                    + missing.map(Path::toString).orElse("none listed") + "): rebuild spark-runtime");
        }
        return new SparkImage(jars, Map.of(EXAMPLES_JAR, examples.toAbsolutePath()));
    }

    /**
     * Finds the spark-runtime build: the directory named by {@value #RUNTIME_PROPERTY}, else
     * {@code spark-runtime/target} in the working directory or above the code of this class (the cli jar sits in
     * {@code cli/target}), as after {@code mvn install}.
     */
    public static Optional<Path> findRuntime() {
        String named = System.getProperty(RUNTIME_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        List<Path> starts = new java.util.ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(SparkImage.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // No code source (a custom class loader): the working directory is the only guess.
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(RUNTIME_DIR).resolve(CLASSPATH_FILE))) {
                    return Optional.of(dir.resolve(RUNTIME_DIR));
                }
            }
        }
        return Optional.empty();
    }

    /** A copy that also holds {@code file} at {@code imagePath}, as a user's image adds their application jar. */
    public SparkImage withFile(String imagePath, Path file) {
        if (!imagePath.startsWith("/")) {
            throw new IllegalArgumentException("an image path is absolute, not " + imagePath);
        }
        Map<String, Path> more = new LinkedHashMap<>(files);
        more.put(imagePath, file.toAbsolutePath());
        return new SparkImage(jars, more);
    }

    /**
     * The JVM options Spark's launcher adds for Java 17 ({@code --add-opens} ...), taken from Spark's own
     * {@code org.apache.spark.launcher.JavaModuleOptions} so they follow the Spark version.
     */
    public List<String> javaModuleOptions() {
        URL[] urls = jars.stream().filter(j -> j.getFileName().toString().startsWith("spark-launcher"))
                .map(SparkImage::url).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            Object options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
                    .getMethod("defaultModuleOptionArray").invoke(null);
            return List.of((String[]) options);
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot read Spark's JavaModuleOptions from spark-launcher: " + e, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
