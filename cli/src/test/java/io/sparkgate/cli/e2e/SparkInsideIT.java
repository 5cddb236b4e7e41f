package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.Sparkgate;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.dev.LocalOperator;
import io.sparkgate.kubelet.KubeletOptions;
import io.sparkgate.kubelet.LocalKubelet;
import io.sparkgate.kubelet.SparkImage;
import io.sparkgate.operator.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 14 §3: sparkgate's mutations take effect inside Spark, not only in the stored pod. A SparkApplication using
 * sparkConfigMap, hadoopConfigMap, executor configMaps, a secret as env (secretKeyRef) and as a volume, env,
 * envFrom, an emptyDir volume, sparkConf, hadoopConf and the event-log annotation goes through the webhook and the
 * operator; the local kubelet runs the driver as Spark's own, Spark's ExecutorPodsAllocator creates the executor
 * pods (mutated by the webhook), and a job of ours reads each setting on the executors and returns it to the
 * driver, whose log we read through pods/log.
 */
class SparkInsideIT {
    private static final String NS = "default";
    private static final String TOKEN = "s3cr3t-token";

    @TempDir
    Path work;

    @Test
    void everyMutationIsSeenByTheExecutorsOfARealSparkApp() throws Exception {
        Path runtime = SparkImage.findRuntime().orElseThrow(() -> new AssertionError(
                "no spark-runtime build: run with -pl spark-runtime,cli -am"));
        SparkImage image = SparkImage.load(runtime).withFile("/opt/app/probe.jar",
                runtime.resolve("spark-examples-tests.jar"));
        long start = System.nanoTime();
        List<ProcessHandle> leftover;
        try (LocalCluster cluster = E2e.start(work, ChartWebhooks.chartDefaults(), null, 16);
             Operator operator = LocalOperator.start(cluster)) {
            KubernetesClient client = cluster.client();
            KubeletOptions options = KubeletOptions.of(work.resolve("kubelet"), image, cluster.api().url());
            String log;
            List<Pod> executors;
            try (LocalKubelet kubelet = LocalKubelet.start(cluster.api().newClient(c -> c), options)) {
                cluster.api().podLogs(kubelet);
                createInputs(client);
                SparkApplication app = Json.read(text("mutation-probe.yaml"), SparkApplication.class);
                client.resources(SparkApplication.class).inNamespace(NS).resource(app).create();

                ApplicationStateType end = E2e.await(() -> state(client).filter(s ->
                        s == ApplicationStateType.COMPLETED || s == ApplicationStateType.FAILED),
                        Duration.ofSeconds(150), "the probe app to end");
                Pod driver = client.pods().inNamespace(NS).withName("probe-driver").get();
                log = client.pods().inNamespace(NS).withName("probe-driver").getLog();
                assertThat(end).as("the probe app's end; driver log:\n" + log).isEqualTo(ApplicationStateType.COMPLETED);
                assertThat(driver.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
                        .isZero();
                assertThat(sparkgateLog(cluster.api().url())).as("`sparkgate log probe` reads the same log")
                        .contains("PROBE sparkConf=42");
                executors = executorsSeenByAdmission(cluster, kubelet);
                leftover = kubelet.processes();
            }
            assertThat(leftover).as("executors Spark deleted at the end were killed").isEmpty();
            assertProbe(log, executors);
            assertEventLog();
        }
        System.out.printf("[spark inside] probe app COMPLETED, kubelet stopped, in %.1f s%n",
                (System.nanoTime() - start) / 1e9);
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("org.apache.spark")).toList()).as("no Spark process outlives the kubelet").isEmpty();
    }

    /** What {@code sparkgate log probe} prints, through a kubeconfig naming the emulation as a user's would. */
    private String sparkgateLog(String apiServer) throws IOException {
        Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: local
                    cluster: {server: "%s"}
                users:
                  - name: dev
                    user: {token: not-a-secret}
                contexts:
                  - name: local
                    context: {cluster: local, user: dev, namespace: default}
                current-context: local
                """.formatted(apiServer));
        StringWriter out = new StringWriter();
        CommandLine cli = Sparkgate.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("log", "probe", "--kubeconfig", kubeconfig.toString())).isZero();
        return out.toString();
    }

    private static void createInputs(KubernetesClient client) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("probe-spark-conf").withNamespace(NS)
                .endMetadata().addToData("probe-spark.conf", "from-sparkConfigMap").build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("probe-hadoop-conf").withNamespace(NS)
                .endMetadata().addToData("core-site.xml", "<?xml version=\"1.0\"?><configuration><property>"
                        + "<name>probe.hadoop.site</name><value>from-core-site</value></property></configuration>")
                .build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("probe-files").withNamespace(NS)
                .endMetadata().addToData("greeting.txt", "hello from a ConfigMap").build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("probe-env").withNamespace(NS)
                .endMetadata().addToData("PROBE_FROM_CONFIGMAP", "from-envFrom").build()).create();
        client.resource(new SecretBuilder().withNewMetadata().withName("probe-secret").withNamespace(NS)
                .endMetadata().addToStringData("token", TOKEN).build()).create();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("spark-history")
                .withNamespace(NS).endMetadata().withNewSpec().withAccessModes("ReadWriteMany").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
    }

    private static Optional<ApplicationStateType> state(KubernetesClient client) {
        SparkApplication app = client.resources(SparkApplication.class).inNamespace(NS).withName("probe").get();
        return Optional.ofNullable(app).map(SparkApplication::getStatus).map(s -> s.getApplicationState())
                .map(s -> s.state());
    }

    /** The executor pods as stored (Spark deletes them when it stops; the kubelet kept their directories). */
    private List<Pod> executorsSeenByAdmission(LocalCluster cluster, LocalKubelet kubelet) throws IOException {
        try (Stream<Path> dirs = Files.list(work.resolve("kubelet").resolve(NS))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).filter(n -> n.contains("-exec-"))
                    .count()).as("executor pods the kubelet ran").isGreaterThanOrEqualTo(2);
        }
        return cluster.client().pods().inNamespace(NS).withLabel(SparkLabels.APP_NAME, "probe")
                .withLabel(SparkLabels.SPARK_ROLE, "executor").list().getItems();
    }

    private void assertProbe(String log, List<Pod> executorsStillStored) throws Exception {
        Map<String, List<String>> seen = log.lines().filter(l -> l.startsWith("PROBE "))
                .map(l -> l.substring("PROBE ".length()).split("=", 2))
                .collect(Collectors.groupingBy(kv -> kv[0], Collectors.mapping(kv -> kv[1], Collectors.toList())));
        assertThat(seen.get("executorId")).as("one answer per task, from executors, not the driver; log:\n" + log)
                .hasSize(2).doesNotContain("driver");
        assertThat(seen.get("configMapFile")).containsOnly("hello from a ConfigMap");
        assertThat(seen.get("sparkConfigMapResource")).containsOnly("from-sparkConfigMap");
        assertThat(seen.get("hadoopConfigMap")).containsOnly("from-core-site");
        assertThat(seen.get("hadoopConf")).containsOnly("from-hadoopConf");
        assertThat(seen.get("sparkConf")).containsOnly("42");
        assertThat(seen.get("env")).containsOnly("prod");
        assertThat(seen.get("envFrom")).containsOnly("from-envFrom");
        assertThat(seen.get("secretEnvSha256")).containsOnly(sha256(TOKEN));
        assertThat(seen.get("secretFileSha256")).containsOnly(sha256(TOKEN));
        for (String emptyDir : seen.get("emptyDir")) {
            assertThat(emptyDir).startsWith("written by a task at ");
            Path written = Path.of(emptyDir.substring("written by a task at ".length()));
            // The task wrote into its pod's emptyDir, which the kubelet keeps under the pod's volumes.
            assertThat(written.toRealPath().toString()).contains("/volumes/scratch/");
        }
        assertThat(log).doesNotContain(TOKEN);
        for (Pod executor : executorsStillStored) {
            assertThat(executor.getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName)
                    .contains("PROBE_STAGE", "PROBE_TOKEN");
        }
    }

    private void assertEventLog() throws IOException {
        Path claim = work.resolve("kubelet").resolve("claims").resolve(NS).resolve("spark-history");
        List<Path> apps;
        try (Stream<Path> files = Files.list(claim)) {
            apps = files.toList();
        }
        assertThat(apps).as("one application's event log in the annotated volume").hasSize(1);
        // Spark 4 rolls event logs by default: eventlog_v2_<app id>/events_<n>_<app id>, plus appstatus_<app id>.
        assertThat(apps.get(0).getFileName().toString()).startsWith("eventlog_v2_spark-");
        StringBuilder events = new StringBuilder();
        try (Stream<Path> files = Files.list(apps.get(0))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("events_")).sorted().toList()) {
                events.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertThat(events.toString().lines().findFirst().orElse("")).contains("\"Event\":\"SparkListenerLogStart\"");
        assertThat(events.toString()).contains("\"Event\":\"SparkListenerApplicationStart\"")
                .contains("\"Event\":\"SparkListenerExecutorAdded\"")
                .contains("\"Event\":\"SparkListenerApplicationEnd\"");
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(String name) throws IOException {
        try (InputStream in = SparkInsideIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
