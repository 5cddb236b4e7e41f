package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.DriverInfo;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import picocli.CommandLine;

/** A CRUD-mode mock cluster reached through a real kubeconfig file, plus helpers to run a verb against it. */
final class MockCluster {
    /** "Now" for every test: ages are computed against it. */
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    MockCluster(KubernetesMockServer server, KubernetesClient client, Path dir) {
        this.server = server;
        this.client = client;
        this.kubeconfig = dir.resolve("kubeconfig");
        writeKubeconfig(kubeconfig, server.url("/").replaceAll("/$", ""), "team-a");
    }

    /** A kubeconfig naming one cluster at that URL, with that default namespace. */
    static void writeKubeconfig(Path file, String url, String namespace) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                users:
                  - name: tester
                    user: {token: not-a-secret}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: tester, namespace: %s}
                current-context: mock
                """.formatted(url, namespace);
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    KubernetesMockServer server() {
        return server;
    }

    KubernetesClient client() {
        return client;
    }

    /** The output of one verb run. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs a verb with {@code --kubeconfig} pointing at the mock cluster. */
    Run run(AppVerb verb, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig.toString();
        return runRaw(verb, all);
    }

    /** Runs a verb with exactly these arguments. */
    static Run runRaw(AppVerb verb, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(verb).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The context every test verb uses: the fixed clock and the kubeconfig-reading factory. */
    static AppContext context() {
        return new AppContext(CLOCK, ClientFactory.kubeconfig());
    }

    /** Creates a namespace (the CRUD mock has none until created). */
    void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    /** Stores a SparkApplication with a status, as the operator would have written it. */
    SparkApplication app(String namespace, String name, ApplicationStateType state, String driverPod) {
        SparkApplication app = Json.read("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: %s, namespace: %s, creationTimestamp: "2026-11-21T11:00:00Z"}
                spec:
                  type: Scala
                  mode: cluster
                  image: apache/spark:4.1.1
                  mainClass: org.apache.spark.examples.SparkPi
                  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
                  sparkVersion: 4.1.1
                  driver: {cores: 1, memory: 512m, serviceAccount: spark}
                  executor: {instances: 2, cores: 1, memory: 512m}
                """.formatted(name, namespace), SparkApplication.class);
        if (state != null) {
            SparkApplicationStatus status = new SparkApplicationStatus();
            status.setApplicationState(new ApplicationState(state, state == ApplicationStateType.FAILED
                    ? "driver container failed with ExitCode: 1" : null));
            status.setSubmissionAttempts(1);
            status.setExecutionAttempts(1);
            status.setSubmissionID("0f7d5f3e-1c1a-4e0e-9a51-6b3b0c8b9e11");
            status.setLastSubmissionAttemptTime("2026-11-21T11:00:05Z");
            status.setDriverInfo(new DriverInfo(name + "-ui-svc", null, 4040, null, null, driverPod));
            app.setStatus(status);
        }
        return client.resources(SparkApplication.class).inNamespace(namespace).resource(app).create();
    }

    /** Stores a Spark pod labelled the way kubeflow's operator and Spark label them. */
    Pod pod(String namespace, String app, String name, String role, String execId, String phase) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of(SparkLabels.APP_NAME, app,
                SparkLabels.SPARK_ROLE, role, SparkLabels.LAUNCHED_BY_OPERATOR, "true"));
        if (execId != null) {
            labels.put(SparkLabels.SPARK_EXEC_ID, execId);
        }
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withCreationTimestamp("2026-11-21T11:00:10Z").endMetadata()
                .withNewSpec().withNodeName("node-1")
                .withContainers(new ContainerBuilder().withName("istio-proxy").build(),
                        new ContainerBuilder().withName(role.equals("driver") ? LogCommand.DRIVER_CONTAINER
                                : LogCommand.EXECUTOR_CONTAINER).build())
                .endSpec().withNewStatus().withPhase(phase).endStatus().build();
        return client.pods().inNamespace(namespace).resource(pod).create();
    }
}
