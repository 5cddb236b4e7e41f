package io.sparkgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.testing.apiserver.ApiEmulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods the local kubelet cannot run end Failed with a reason a person understands, in the pod status and an
 * Event, and nothing hangs. (Pods it can run are real Spark: see the ITs in cli.)
 */
class LocalKubeletMockTest {
    @TempDir
    Path dir;

    private SparkImage image() throws Exception {
        return new SparkImage(List.of(Files.writeString(dir.resolve("spark-core.jar"), "")), Map.of());
    }

    private Pod failed(KubernetesClient client, Pod pod) throws Exception {
        if (client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get() == null) {
            client.pods().inNamespace("default").resource(pod).create();
        }
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            Pod now = client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get();
            if (now.getStatus() != null && "Failed".equals(now.getStatus().getPhase())) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pod " + pod.getMetadata().getName() + " never Failed");
    }

    private static PodBuilder pod(String name, String... args) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addNewContainer().withName("spark-kubernetes-driver").withImage("spark:4.1.1").withArgs(args)
                .endContainer().endSpec();
    }

    /** The pod's Events, waited for: the kubelet writes the Event after the status that a test sees first. */
    private static List<Event> events(KubernetesClient client, String pod) throws InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
            if (!events.isEmpty() || System.nanoTime() > until) {
                return events;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aContainerThatIsNotASparkEntrypointModeFailsWithItsReasonAndAnEvent() throws Exception {
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image(),
                     api.url()))) {
            Pod pod = failed(api.client(), pod("nginx", "nginx", "-g", "daemon off;").build());
            assertThat(pod.getStatus().getReason()).isEqualTo("UnsupportedCommand");
            assertThat(pod.getStatus().getMessage()).contains("not a mode of the Spark image's entrypoint");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                    .isEqualTo("UnsupportedCommand");
            assertThat(events(api.client(), "nginx")).singleElement()
                    .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
                    .satisfies(e -> assertThat(e.getReason()).isEqualTo("UnsupportedCommand"));
            assertThat(kubelet.processes()).isEmpty();
        }
    }

    @Test
    void aHostPathOutsideTheSandboxIsRefused() throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image(),
                     api.url()).withHostPathSandbox(sandbox))) {
            Pod pod = failed(api.client(), pod("escape", "driver").editSpec().addNewVolume().withName("etc")
                    .withNewHostPath().withPath("/etc").endHostPath().endVolume().editFirstContainer()
                    .addNewVolumeMount().withName("etc").withMountPath("/host-etc").endVolumeMount().endContainer()
                    .endSpec().build());
            assertThat(pod.getStatus().getReason()).isEqualTo("FailedMount");
            assertThat(pod.getStatus().getMessage()).contains("hostPath volume etc (/etc) is refused")
                    .contains(sandbox.toString());
        }
    }

    @Test
    void aPodWaitsForTheConfigMapItMountsAsTheLauncherCreatesItAfterThePod() throws Exception {
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image(),
                     api.url()))) {
            // An executor without its SPARK_* env: once the ConfigMap exists it gets as far as building the command.
            Pod pod = pod("late", "executor").editSpec().addNewVolume().withName("conf").withNewConfigMap()
                    .withName("late-conf").endConfigMap().endVolume().editFirstContainer().addNewVolumeMount()
                    .withName("conf").withMountPath("/opt/spark/conf").endVolumeMount().endContainer().endSpec()
                    .build();
            api.client().pods().inNamespace("default").resource(pod).create();
            Thread.sleep(1000);
            Pod waiting = api.client().pods().inNamespace("default").withName("late").get();
            assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
            api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("late-conf").endMetadata()
                    .addToData("spark.properties", "spark.app.name=late").build()).create();
            Pod ended = failed(api.client(), pod);
            assertThat(ended.getStatus().getMessage()).contains("has no SPARK_DRIVER_URL");
            assertThat(dir.resolve("k/default").toFile().list()).singleElement().satisfies(d -> assertThat(
                    dir.resolve("k/default").resolve(d).resolve("rootfs/opt/spark/conf/spark.properties"))
                    .hasContent("spark.app.name=late"));
        }
    }

    @Test
    void aPySparkDriverIsRefusedSayingWhy() throws Exception {
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image(),
                     api.url()))) {
            api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("py-conf").endMetadata()
                    .addToData("spark.properties", "spark.kubernetes.resource.type=python\n").build()).create();
            Pod pod = failed(api.client(), pod("etl", "driver", "--properties-file", "/opt/spark/conf/spark.properties",
                    "local:///opt/app/etl.py").editSpec().addNewVolume().withName("conf").withNewConfigMap()
                    .withName("py-conf").endConfigMap().endVolume().editFirstContainer().addNewVolumeMount()
                    .withName("conf").withMountPath("/opt/spark/conf").endVolumeMount().endContainer().endSpec()
                    .build());
            assertThat(pod.getStatus().getReason()).isEqualTo("UnsupportedCommand");
            assertThat(pod.getStatus().getMessage()).startsWith("a PySpark driver: ")
                    .containsPattern("python3 is installed, but|no python3 is installed, and")
                    .contains("no pyspark.zip or py4j");
        }
    }

    @Test
    void anExecutorWithoutTheEntrypointsEnvironmentFailsNamingTheMissingVariable() throws Exception {
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image(),
                     api.url()))) {
            Pod pod = failed(api.client(), pod("exec-1", "executor").build());
            assertThat(pod.getStatus().getReason()).isEqualTo("CreateContainerConfigError");
            assertThat(pod.getStatus().getMessage()).contains("has no SPARK_DRIVER_URL");
        }
    }

    @Test
    void aConfigMapMissingLongerThanTheWaitAndAVolumeItemLeavingItsVolumeAreRefused() throws Exception {
        try (ApiEmulation api = ApiEmulation.start();
             LocalKubelet kubelet = LocalKubelet.start(api.client(), KubeletOptions.of(dir.resolve("k"), image(),
                     api.url()).withWaitForObjects(Duration.ofMillis(500)))) {
            Pod missing = failed(api.client(), pod("no-conf", "driver").editSpec().addNewVolume().withName("conf")
                    .withNewConfigMap().withName("absent").endConfigMap().endVolume().endSpec().build());
            assertThat(missing.getStatus().getMessage()).isEqualTo("volume conf: configmap \"absent\" not found");

            api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                    .addToData("k", "v").build()).create();
            Pod climbing = failed(api.client(), pod("climb", "driver").editSpec().addNewVolume().withName("conf")
                    .withNewConfigMap().withName("c").addNewItem().withKey("k").withPath("../../outside")
                    .endItem().endConfigMap().endVolume().endSpec().build());
            assertThat(climbing.getStatus().getMessage()).contains("\"../../outside\" leaves the volume");
            assertThat(Files.exists(dir.resolve("k").resolve("outside"))).isFalse();
        }
    }
}
