package io.sparkgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.spark.RunIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubeflow's documented examples, re-typed in examples/kubeflow, launch with every typed field that reaches Spark
 * in the driver's {@code spark.properties} and args (the webhook's fields are checked in pod-mutators).
 */
class KubeflowExamplesTest {
    private static final Path DIR = Path.of("..", "examples", "kubeflow");
    private static final String SID = "5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    private final SubmissionBuilder builder = new SubmissionBuilder(LauncherSettings.inCluster(),
            SubmissionBuilderTest.CLOCK);

    static Stream<Arguments> examples() {
        Map<String, String> pi = Map.of("spark.kubernetes.container.image", "spark:4.1.1",
                "spark.driver.cores", "1", "spark.kubernetes.driver.limit.cores", "1200m", "spark.driver.memory", "512m",
                "spark.executor.cores", "1", "spark.executor.instances", "1", "spark.executor.memory", "512m",
                "spark.kubernetes.driver.label.version", "4.1.1", "spark.kubernetes.executor.label.version", "4.1.1");
        return Stream.of(
                Arguments.of("spark-pi.yaml", merge(pi, Map.of(
                        "spark.kubernetes.container.image.pullPolicy", "Always",
                        "spark.kubernetes.authenticate.driver.serviceAccountName", "spark",
                        "spark.kubernetes.driver.volumes.hostPath.test-volume.mount.path", "/tmp",
                        "spark.kubernetes.driver.volumes.hostPath.test-volume.options.path", "/tmp",
                        "spark.kubernetes.driver.volumes.hostPath.test-volume.options.type", "Directory",
                        "spark.kubernetes.executor.volumes.hostPath.test-volume.mount.path", "/tmp")), List.of()),
                Arguments.of("spark-pi-prometheus.yaml", merge(pi, Map.of(
                        "spark.driver.extraJavaOptions", "-javaagent:/prometheus/jmx_prometheus_javaagent-0.11.0.jar"
                                + "=8090:/etc/metrics/conf/prometheus.yaml",
                        "spark.executor.extraJavaOptions", "-javaagent:/prometheus/jmx_prometheus_javaagent-0.11.0.jar"
                                + "=8090:/etc/metrics/conf/prometheus.yaml",
                        "spark.metrics.conf", "/etc/metrics/conf/metrics.properties")), List.of("100000")),
                Arguments.of("spark-pi-dynamic-allocation.yaml", Map.of(
                        "spark.kubernetes.container.image.pullPolicy", "IfNotPresent",
                        "spark.kubernetes.authenticate.driver.serviceAccountName", "spark-operator-spark",
                        "spark.dynamicAllocation.enabled", "true",
                        "spark.dynamicAllocation.shuffleTracking.enabled", "true",
                        "spark.dynamicAllocation.initialExecutors", "2", "spark.dynamicAllocation.minExecutors", "1",
                        "spark.dynamicAllocation.maxExecutors", "5", "spark.executor.instances", "1"), List.of()),
                Arguments.of("spark-pi-configmap.yaml", merge(pi, Map.of(
                        "spark.jars", "local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar",
                        "spark.kubernetes.authenticate.driver.serviceAccountName", "spark-operator-spark")),
                        List.of()),
                Arguments.of("spark-pyfiles.yaml", Map.of("spark.kubernetes.resource.type", "python",
                        "spark.kubernetes.pyspark.pythonVersion", "3",
                        "spark.submit.pyFiles", "local:///opt/spark/examples/src/main/python/py_container_checks.py",
                        "spark.kubernetes.driver.request.cores", "100m", "spark.kubernetes.driver.limit.cores", "200m",
                        "spark.driver.memory", "512m", "spark.executor.instances", "1"), List.of("python3")),
                Arguments.of("spark-pi-scheduled.yaml", Map.of("spark.kubernetes.container.image", "spark:4.1.1",
                        "spark.kubernetes.container.image.pullPolicy", "IfNotPresent", "spark.driver.memory", "512m",
                        "spark.kubernetes.authenticate.driver.serviceAccountName", "spark-operator-spark",
                        "spark.executor.instances", "1"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void launchesWithEveryTypedField(String file, Map<String, String> properties, List<String> args)
            throws IOException {
        SubmissionObjects objects = builder.build(app(file), SID, RunIds.appIdFor(SID));

        assertThat(objects.sparkProperties()).containsAllEntriesOf(properties);
        List<String> podArgs = objects.driverPod().getSpec().getContainers().get(0).getArgs();
        assertThat(podArgs.subList(podArgs.size() - args.size(), podArgs.size())).containsExactlyElementsOf(args);
    }

    @Test
    void everyExampleIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(examples().map(a -> (String) a.get()[0]).sorted().toList());
        }
        assertThat(builder.build(app("spark-pi-prometheus.yaml"), SID, RunIds.appIdFor(SID)).metricsConfigMap())
                .isNotNull();
    }

    /** A SparkApplication example, or a ScheduledSparkApplication's run (its template, named after it). */
    static SparkApplication app(String file) throws IOException {
        String yaml = Files.readString(DIR.resolve(file));
        if (!yaml.contains("kind: ScheduledSparkApplication")) {
            return Json.read(yaml, SparkApplication.class);
        }
        ScheduledSparkApplication scheduled = Json.read(yaml, ScheduledSparkApplication.class);
        SparkApplication run = new SparkApplication();
        run.setMetadata(scheduled.getMetadata());
        run.setSpec(scheduled.getSpec().template());
        return run;
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new java.util.HashMap<>(a);
        out.putAll(b);
        return out;
    }
}
