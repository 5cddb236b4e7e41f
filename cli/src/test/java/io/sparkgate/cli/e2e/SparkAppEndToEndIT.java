package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.dev.LocalOperator;
import io.sparkgate.operator.Operator;
import io.sparkgate.testing.ExecutorReplay;
import io.sparkgate.testing.apiserver.AdmissionListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, phase 2: a SparkApplication with the fields users set most goes from {@code kubectl apply} to a stored,
 * mutated driver pod — through the API emulation's admission chain, the chart's webhook configurations, the real
 * webhook over verified TLS and the operator's launcher — and the executor pods Spark's driver creates are mutated
 * too.
 */
class SparkAppEndToEndIT {
    private static final String NS = "team-a";

    @TempDir
    Path work;

    private final Map<String, AdmissionListener.Decision> podDecisions = new ConcurrentHashMap<>();

    @Test
    void etlDailyBecomesAMutatedDriverPodAndMutatedExecutors() throws Exception {
        AdmissionListener listener = d -> {
            if (d.resource().equals("pods")) {
                podDecisions.put(d.name(), d);
            }
        };
        try (LocalCluster cluster = E2e.start(work, ChartWebhooks.chartDefaults(), listener, 16);
             Operator operator = LocalOperator.start(cluster)) {
            KubernetesClient client = cluster.client();
            E2e.namespace(client, NS, Map.of());
            SparkApplication app = Json.read(Files.readString(Path.of("..", "examples", "etl-daily.yaml")),
                    SparkApplication.class);
            SparkApplication stored = client.resources(SparkApplication.class).inNamespace(NS).resource(app).create();

            Pod driver = E2e.await(() -> client.pods().inNamespace(NS).withLabel(SparkLabels.APP_NAME, "etl-daily")
                    .withLabel(SparkLabels.SPARK_ROLE, "driver").list().getItems().stream().findFirst(),
                    Duration.ofSeconds(30), "the operator's driver pod for etl-daily");

            assertDriverMutated(driver, stored.getMetadata().getUid());
            AdmissionListener.Decision admission = podDecisions.get(driver.getMetadata().getName());
            assertThat(admission).as("the driver pod went through webhook admission").isNotNull();
            assertThat(cluster.api().stats().calls(ChartWebhooks.MUTATE_PODS)).isPositive();
            assertThat(cluster.api().stats().patches(ChartWebhooks.MUTATE_PODS)).isPositive();

            List<HasMetadata> created = ExecutorReplay.create(client, driver);
            List<Pod> executors = created.stream().filter(Pod.class::isInstance).map(Pod.class::cast).toList();
            assertThat(executors).hasSize(2);
            for (Pod executor : executors) {
                Pod storedExecutor = client.pods().inNamespace(NS).withName(executor.getMetadata().getName()).get();
                assertExecutorMutated(storedExecutor);
                JsonNode submitted = podDecisions.get(executor.getMetadata().getName()).submitted();
                assertThat(submitted.path("spec").path("tolerations").isMissingNode())
                        .as("Spark's executor pod had no tolerations: the webhook added them").isTrue();
            }
        }
    }

    private static void assertDriverMutated(Pod driver, String appUid) {
        assertThat(E2e.ownedByApp(Json.mapper().valueToTree(driver), appUid)).as("ownerReference to the app").isTrue();
        assertThat(driver.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(driver.getMetadata().getAnnotations()).containsEntry("owner", "data-eng");
        assertThat(driver.getSpec().getNodeSelector()).containsEntry("pool", "spark");
        assertThat(driver.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getValue,
                Toleration::getEffect).contains(org.assertj.core.groups.Tuple.tuple("dedicated", "spark", "NoSchedule"));
        assertThat(driver.getSpec().getServiceAccountName()).isEqualTo("spark");
        assertThat(driver.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .contains("regcred");
        Map<String, Volume> volumes = driver.getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes.get("spark-configmap-volume").getConfigMap().getName()).isEqualTo("etl-spark-conf");
        assertThat(volumes.get("hadoop-configmap-volume").getConfigMap().getName()).isEqualTo("etl-hadoop-conf");
        assertThat(volumes.get("data").getPersistentVolumeClaim().getClaimName()).isEqualTo("etl-data");
        assertThat(volumes.get("scratch").getHostPath().getPath()).isEqualTo("/mnt/scratch");
        assertThat(volumes.values()).anySatisfy(v -> assertThat(Optional.ofNullable(v.getSecret())
                .map(s -> s.getSecretName()).orElse("")).isEqualTo("gcs-key"));
        assertThat(volumes.get("sparkgate-event-log").getPersistentVolumeClaim().getClaimName())
                .isEqualTo("spark-history");

        Container spark = sparkContainer(driver);
        assertThat(spark.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/etc/spark/conf",
                "/etc/hadoop/conf", "/data", "/scratch", "/mnt/secrets/gcs", SparkLabels.DEFAULT_EVENT_LOG_DIR);
        Map<String, EnvVar> env = spark.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e,
                (a, b) -> b));
        assertThat(env.get("SPARK_CONF_DIR").getValue()).isEqualTo("/etc/spark/conf");
        assertThat(env.get("HADOOP_CONF_DIR").getValue()).isEqualTo("/etc/hadoop/conf");
        assertThat(env.get("GOOGLE_APPLICATION_CREDENTIALS").getValue()).isEqualTo("/mnt/secrets/gcs/key.json");
        assertThat(env.get("STAGE").getValue()).isEqualTo("prod");
        assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("db-creds");
        assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    }

    private static void assertExecutorMutated(Pod executor) {
        assertThat(executor.getMetadata().getLabels()).containsEntry("team", "a")
                .containsEntry(SparkLabels.APP_NAME, "etl-daily");
        assertThat(executor.getSpec().getTolerations()).extracting(Toleration::getKey).contains("dedicated");
        assertThat(executor.getSpec().getNodeSelector()).containsEntry("pool", "spark");
        assertThat(executor.getSpec().getVolumes()).extracting(Volume::getName)
                .contains("spark-configmap-volume", "data");
        assertThat(sparkContainer(executor).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/etc/spark/conf", "/data");
    }

    private static Container sparkContainer(Pod pod) {
        return pod.getSpec().getContainers().get(0);
    }
}
