package io.sparkgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.testing.apiserver.ApiEmulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's process lifecycle without Spark: an "image" whose KubernetesExecutorBackend is a stand-in compiled
 * here (it prints its arguments, then exits with PROBE_EXIT or sleeps), so the real process path is exercised in
 * seconds: Running, the real exit code and log tail in the status, the log through pods/log, and a deleted pod's
 * process killed.
 */
class ProcessLifecycleMockTest {
    private static final String STAND_IN = """
            package org.apache.spark.scheduler.cluster.k8s;
            public final class KubernetesExecutorBackend {
                public static void main(String[] args) throws Exception {
                    System.out.println("args " + String.join(" ", args));
                    String exit = System.getenv("PROBE_EXIT");
                    if (exit != null) {
                        System.out.println("exiting " + exit);
                        System.exit(Integer.parseInt(exit));
                    }
                    Thread.sleep(120_000);
                }
            }
            """;

    @TempDir
    Path dir;

    private SparkImage image;

    @BeforeEach
    void standInSpark() throws Exception {
        Path src = dir.resolve("src/org/apache/spark/scheduler/cluster/k8s/KubernetesExecutorBackend.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, STAND_IN);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(javac.run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
        Path jar = dir.resolve("stand-in.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String name = "org/apache/spark/scheduler/cluster/k8s/KubernetesExecutorBackend.class";
            out.putNextEntry(new JarEntry(name));
            out.write(Files.readAllBytes(classes.resolve(name)));
            out.closeEntry();
        }
        image = new SparkImage(List.of(jar), Map.of());
    }

    private static Pod executor(String name, String exit) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewContainer().withName("spark-kubernetes-executor").withImage("spark:4.1.1").withArgs("executor")
                .addNewEnv().withName("SPARK_DRIVER_URL").withValue("spark://CoarseGrainedScheduler@d.default.svc:7078")
                .endEnv()
                .addNewEnv().withName("SPARK_EXECUTOR_ID").withValue("1").endEnv()
                .addNewEnv().withName("SPARK_EXECUTOR_CORES").withValue("1").endEnv()
                .addNewEnv().withName("SPARK_APPLICATION_ID").withValue("spark-1").endEnv()
                .addNewEnv().withName("SPARK_EXECUTOR_POD_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("SPARK_RESOURCE_PROFILE_ID").withValue("0").endEnv()
                .addNewEnv().withName("SPARK_EXECUTOR_POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("SPARK_EXECUTOR_MEMORY").withValue("64m").endEnv()
                .endContainer().endSpec();
        if (exit != null) {
            pod.editSpec().editFirstContainer().addNewEnv().withName("PROBE_EXIT").withValue(exit).endEnv()
                    .endContainer().endSpec();
        }
        return pod.build();
    }

    private static Pod await(KubernetesClient client, String name, Predicate<Pod> condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            Pod pod = client.pods().inNamespace("default").withName(name).get();
            if (pod != null && pod.getStatus() != null && condition.test(pod)) {
                return pod;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pod " + name + " never reached the condition");
    }

    @Test
    void theRealExitCodeAndTheEndOfTheLogReachThePodStatusAndTheLogIsServed() throws Exception {
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image,
                     api.url()))) {
            api.podLogs(kubelet);
            api.client().pods().inNamespace("default").resource(executor("exits-3", "3")).create();
            Pod pod = await(api.client(), "exits-3", p -> "Failed".equals(p.getStatus().getPhase()));
            ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState()
                    .getTerminated();
            assertThat(terminated.getExitCode()).isEqualTo(3);
            assertThat(terminated.getReason()).isEqualTo("Error");
            assertThat(terminated.getMessage()).endsWith("exiting 3");
            assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
            assertThat(api.client().pods().inNamespace("default").withName("exits-3").getLog())
                    .contains("args --driver-url spark://CoarseGrainedScheduler@d.default.svc:7078 --executor-id 1 "
                            + "--cores 1 --app-id spark-1 --hostname 127.0.0.1 --resourceProfileId 0 --podName exits-3")
                    .endsWith("exiting 3\n");
        }
    }

    @Test
    void aDeletedPodsProcessIsKilledAndNoneOutlivesTheKubelet() throws Exception {
        ProcessHandle process;
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image,
                     api.url()))) {
            KubernetesClient client = api.client();
            client.pods().inNamespace("default").resource(executor("sleeps", null)).create();
            client.pods().inNamespace("default").resource(executor("also-sleeps", null)).create();
            Pod running = await(client, "sleeps", p -> "Running".equals(p.getStatus().getPhase()));
            assertThat(running.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            await(client, "also-sleeps", p -> "Running".equals(p.getStatus().getPhase()));
            process = kubelet.process("default", "sleeps").orElseThrow();
            client.pods().inNamespace("default").withName("sleeps").delete();
            assertThat(process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(kubelet.processes()).hasSize(1);
            process = kubelet.process("default", "also-sleeps").orElseThrow();
        }
        assertThat(process.isAlive()).as("close() stops the pods that still run").isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("no process of the kubelet outlives it").isZero();
    }
}
