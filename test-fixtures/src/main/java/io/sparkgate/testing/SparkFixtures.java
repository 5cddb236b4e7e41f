package io.sparkgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The objects real Apache Spark 4.1.1 sent to an API server (../shared/fixtures/spark-4.1.1), for tests that
 * must hold against what Spark really creates rather than objects we wrote ourselves. The shared folder is found
 * through the {@code sparkgate.shared} system property, which the build sets.
 */
public final class SparkFixtures {
    /** Cluster-mode SparkPi: driver pod, Service, ConfigMap. */
    public static final String JAVA_SPARK_PI = "java-sparkpi";
    /** Cluster-mode PySpark app with resources, secrets, volumes and labels. */
    public static final String PYTHON_RICH = "python-rich";
    /** Executor pods created by a real driver's scheduler, plus the executors' ConfigMap. */
    public static final String EXECUTORS = "executors-client-mode";

    private SparkFixtures() {
    }

    /** The folder holding the Spark 4.1.1 fixture sets. */
    public static Path root() {
        String shared = System.getProperty("sparkgate.shared");
        if (shared == null) {
            throw new IllegalStateException("system property sparkgate.shared is not set: run the tests through Maven");
        }
        Path root = Path.of(shared).resolve("fixtures").resolve("spark-4.1.1");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("no Spark fixtures at " + root + ": ../shared must sit beside the repository");
        }
        return root;
    }

    /** The files of one fixture set whose names contain the given kind ({@code -Pod-}, {@code -Service-}, ...). */
    public static List<Path> files(String set, String kind) {
        try (Stream<Path> files = Files.list(root().resolve(set))) {
            return files.filter(p -> p.getFileName().toString().contains("-" + kind + "-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object file of one fixture set, in the order Spark sent them. */
    public static List<Path> files(String set) {
        try (Stream<Path> files = Files.list(root().resolve(set))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture file as a JSON tree, exactly as Spark sent it. */
    public static JsonNode json(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first pod of a set as a JSON tree (the driver for cluster-mode sets). */
    public static JsonNode podJson(String set) {
        return json(files(set, "Pod").get(0));
    }

    /** The pods of a set. */
    public static List<Pod> pods(String set) {
        return files(set, "Pod").stream().map(f -> Json.mapper().convertValue(json(f), Pod.class)).toList();
    }

    /** The driver pod of a cluster-mode set. */
    public static Pod driverPod(String set) {
        return Json.mapper().convertValue(podJson(set), Pod.class);
    }

    /** The driver Service of a cluster-mode set. */
    public static Service service(String set) {
        return Json.mapper().convertValue(json(files(set, "Service").get(0)), Service.class);
    }

    /** The ConfigMap of a set. */
    public static ConfigMap configMap(String set) {
        return Json.mapper().convertValue(json(files(set, "ConfigMap").get(0)), ConfigMap.class);
    }
}
