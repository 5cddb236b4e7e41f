package io.sparkgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor command as the apache/spark entrypoint builds it, from the env Spark's allocator sets. */
class SparkCommandTest {
    @TempDir
    Path pod;

    private final SparkImage image = new SparkImage(List.of(), Map.of());

    private Map<String, String> executorEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_DRIVER_URL", "spark://CoarseGrainedScheduler@app-driver-svc.default.svc:7078");
        env.put("SPARK_EXECUTOR_ID", "3");
        env.put("SPARK_EXECUTOR_CORES", "1");
        env.put("SPARK_APPLICATION_ID", "spark-123");
        env.put("SPARK_EXECUTOR_POD_IP", "127.0.0.1");
        env.put("SPARK_RESOURCE_PROFILE_ID", "0");
        env.put("SPARK_EXECUTOR_POD_NAME", "app-exec-3");
        env.put("SPARK_EXECUTOR_MEMORY", "512m");
        env.put("SPARK_JAVA_OPT_10", "-Dspark.ten=10");
        env.put("SPARK_JAVA_OPT_2", "-Dspark.eventLog.dir=file:/mnt/events");
        env.put("SPARK_JAVA_OPT_0", "-Dspark.driver.port=7078");
        env.put("SPARK_LOCAL_DIRS", "/var/data/spark-1");
        env.put("SPARK_CONF_DIR", "/etc/spark/conf");
        return env;
    }

    private SparkCommand executor(Map<String, String> env) throws Exception {
        PathMap paths = new PathMap(pod.resolve("rootfs"), List.of("/var/data/spark-1", "/etc/spark/conf", "/mnt/events"));
        Files.createDirectories(pod.resolve("rootfs/opt/spark/jars"));
        return SparkCommand.build(List.of("executor"), env, paths, image,
                new SparkCommand.Network("http://127.0.0.1:1", pod.resolve("hosts"), List.of(1, 2, 3)), pod);
    }

    @Test
    void executorRunsKubernetesExecutorBackendWithTheEntrypointsArguments() throws Exception {
        SparkCommand command = executor(executorEnv());
        List<String> line = command.command();
        String root = pod.resolve("rootfs").toString();
        assertThat(line.subList(line.indexOf(SparkCommand.EXECUTOR_MAIN), line.size())).containsExactly(
                SparkCommand.EXECUTOR_MAIN, "--driver-url", "spark://CoarseGrainedScheduler@app-driver-svc.default.svc:7078",
                "--executor-id", "3", "--cores", "1", "--app-id", "spark-123", "--hostname", "127.0.0.1",
                "--resourceProfileId", "0", "--podName", "app-exec-3");
        // SPARK_JAVA_OPT_* in numeric order (the entrypoint's sort -t_ -k4 -n), paths into mounts mapped.
        assertThat(line).containsSubsequence("-Dspark.driver.port=7078",
                "-Dspark.eventLog.dir=file:" + root + "/mnt/events", "-Dspark.ten=10", "-Xms512m", "-Xmx512m", "-cp");
        assertThat(line.get(line.indexOf("-cp") + 1)).isEqualTo(root + "/etc/spark/conf:" + root + "/opt/spark/jars/*");
        assertThat(line).contains("-Djdk.net.hosts.file=" + pod.resolve("hosts"));
        assertThat(command.environment()).containsEntry("SPARK_LOCAL_DIRS", root + "/var/data/spark-1")
                .containsEntry("SPARK_HOME", root + "/opt/spark").containsEntry("SPARK_LOCAL_IP", "127.0.0.1")
                .doesNotContainKey("KUBECONFIG");
        assertThat(command.workDir()).isEqualTo(pod.resolve("rootfs/opt/spark/work-dir"));
    }

    @Test
    void anExecutorMissingAnEntrypointVariableIsRefusedNamingIt() {
        Map<String, String> env = executorEnv();
        env.remove("SPARK_EXECUTOR_MEMORY");
        assertThatThrownBy(() -> executor(env)).isInstanceOf(PodRejected.class)
                .hasMessageContaining("no SPARK_EXECUTOR_MEMORY");
    }

    @Test
    void aDriverWhosePropertiesFileIsInNoMountIsRefused() throws Exception {
        PathMap paths = new PathMap(pod.resolve("rootfs"), List.of());
        assertThatThrownBy(() -> SparkCommand.build(List.of("driver", "--properties-file", "/opt/spark/conf/spark.properties",
                "--class", "Main", "spark-internal"), Map.of(), paths, image,
                new SparkCommand.Network("http://127.0.0.1:1", pod.resolve("hosts"), List.of(1, 2, 3)), pod))
                .isInstanceOf(PodRejected.class).hasMessageContaining("is in none of the pod's mounts");
    }
}
