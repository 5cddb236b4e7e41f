package io.sparkgate.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sparkctl-style verbs against fabric8's CRUD mock, reached through a real kubeconfig file. */
@EnableKubernetesMockClient(crud = true, https = false)
class AppVerbsMockTest {
    // Instance fields: a fresh mock cluster per test.
    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private MockCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(server, client, dir);
        cluster.namespace("team-a");
        cluster.app("team-a", "spark-pi", ApplicationStateType.RUNNING, "spark-pi-driver");
        cluster.app("team-a", "etl-daily", ApplicationStateType.FAILED, null);
        cluster.pod("team-a", "spark-pi", "spark-pi-driver", "driver", null, "Running");
        cluster.pod("team-a", "spark-pi", "spark-pi-exec-1", "executor", "1", "Running");
        cluster.pod("team-a", "spark-pi", "spark-pi-exec-2", "executor", "2", "Pending");
    }

    @Test
    void listPrintsATableOfTheNamespacesApps() {
        // The mock stamps creationTimestamp with the real time; look at the list an hour later.
        Instant created = Instant.parse(client.resources(SparkApplication.class).inNamespace("team-a")
                .withName("etl-daily").get().getMetadata().getCreationTimestamp());
        AppContext anHourLater = new AppContext(Clock.fixed(created.plusSeconds(3605), ZoneOffset.UTC),
                ClientFactory.kubeconfig());
        MockCluster.Run r = cluster.run(new ListCommand(anHourLater));
        assertThat(r.exitCode()).as(r.err()).isZero();
        // the columns and values of kubectl get sparkapp: the CRD's printer columns
        assertThat(r.out().lines().toList()).containsExactly(
                "NAME        SUSPEND   STATUS    ATTEMPTS   START                  FINISH   AGE",
                "etl-daily             FAILED    1          2026-11-21T11:00:05Z            60m",
                "spark-pi              RUNNING   1          2026-11-21T11:00:05Z            60m");
        assertThat(cluster.run(new ListCommand(MockCluster.context()), "-o", "name").out()).isEqualTo(
                "sparkapplication.sparkoperator.k8s.io/etl-daily\nsparkapplication.sparkoperator.k8s.io/spark-pi\n");
    }

    @Test
    void applyCreatesThenUpdatesThenLeavesAlone() throws IOException {
        Path file = manifest("applied", "");
        MockCluster.Run created = cluster.run(new ApplyCommand(MockCluster.context()), file.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("sparkapplication team-a/applied created\n");
        Files.writeString(file, Files.readString(file).replace("instances: 1", "instances: 3"));
        MockCluster.Run configured = cluster.run(new ApplyCommand(MockCluster.context()), file.toString());
        assertThat(configured.out()).as(configured.err()).isEqualTo("sparkapplication team-a/applied configured\n");
        assertThat(cluster.run(new ApplyCommand(MockCluster.context()), file.toString()).out())
                .isEqualTo("sparkapplication team-a/applied unchanged\n");
        assertThat(client.resources(SparkApplication.class).inNamespace("team-a").withName("applied").get()
                .getSpec().executor().instances()).isEqualTo(3);
    }

    @Test
    void logFollowOfAPodTheServerCannotServeIsAnErrorNotLogText() {
        server.expect().get().withPath("/api/v1/namespaces/team-a/pods/spark-pi-driver/log?pretty=false"
                + "&container=spark-kubernetes-driver&follow=true").andReturn(200, "{\"kind\":\"Status\","
                + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\"spark-pi-driver\\\" not "
                + "found\",\"code\":404}\n").always();
        MockCluster.Run r = cluster.run(new LogCommand(MockCluster.context()), "spark-pi", "-f");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: cannot follow the log of pod \"spark-pi-driver\": pods "
                + "\"spark-pi-driver\" not found (404)\n");
    }

    @Test
    void listAsJsonIsAKubernetesListOfTheApps() throws IOException {
        MockCluster.Run r = cluster.run(new ListCommand(MockCluster.context()), "-o", "json");
        JsonNode list = Json.mapper().readTree(r.out());
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).hasSize(2);
        assertThat(list.at("/items/1/status/applicationState/state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void listOfAnEmptyNamespaceSaysSo() {
        cluster.namespace("empty");
        MockCluster.Run r = cluster.run(new ListCommand(MockCluster.context()), "-n", "empty");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("No SparkApplications found in namespace empty.\n");
    }

    @Test
    void statusSummarisesStateDriverAndExecutors() {
        MockCluster.Run r = cluster.run(new StatusCommand(MockCluster.context()), "spark-pi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("State:       RUNNING", "Driver:      spark-pi-driver",
                "UI:          service spark-pi-ui-svc port 4040", "Executions:  1");
        assertThat(r.out()).containsPattern("spark-pi-exec-1\\s+1\\s+Running\\s+node-1")
                .containsPattern("spark-pi-exec-2\\s+2\\s+Pending");
    }

    @Test
    void statusShowsWhyAnAppFailed() {
        MockCluster.Run r = cluster.run(new StatusCommand(MockCluster.context()), "etl-daily");
        assertThat(r.out()).contains("State:       FAILED", "Error:       driver container failed with ExitCode: 1",
                "Executors:   none");
    }

    @Test
    void statusAsYamlIsTheWholeObject() {
        MockCluster.Run r = cluster.run(new StatusCommand(MockCluster.context()), "spark-pi", "-o", "yaml");
        SparkApplication back = Json.read(r.out(), SparkApplication.class);
        assertThat(back.getSpec().mainClass()).isEqualTo("org.apache.spark.examples.SparkPi");
        assertThat(back.getStatus().state()).isEqualTo(ApplicationStateType.RUNNING);
    }

    @Test
    void aMissingAppIsOneLineAndExitOne() {
        for (AppVerb verb : new AppVerb[] {new StatusCommand(MockCluster.context()),
            new DeleteCommand(MockCluster.context()), new LogCommand(MockCluster.context()),
            new EventCommand(MockCluster.context()), new ForwardCommand(MockCluster.context())}) {
            MockCluster.Run r = cluster.run(verb, "nope");
            assertThat(r.exitCode()).as(verb.getClass().getSimpleName()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("error: sparkapplication \"nope\" not found in namespace \"team-a\"\n");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aWrongNamespaceIsNamedAsSuch() {
        MockCluster.Run r = cluster.run(new StatusCommand(MockCluster.context()), "spark-pi", "-n", "team-b");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: namespace \"team-b\" not found\n");
    }

    @Test
    void anUnreachableClusterFailsFastWithOneLine() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path config = dir.resolve("unreachable");
        MockCluster.writeKubeconfig(config, "http://127.0.0.1:" + closedPort, "team-a");
        long start = System.nanoTime();
        MockCluster.Run r = MockCluster.runRaw(new ListCommand(MockCluster.context()), "--kubeconfig",
                config.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot reach the Kubernetes API server").doesNotContain("\tat ")
                .hasLineCount(1);
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to give up").isLessThan(15_000);
    }

    @Test
    void anUnreadableKubeconfigIsOneLine() {
        MockCluster.Run r = MockCluster.runRaw(new ListCommand(MockCluster.context()), "--kubeconfig",
                dir.resolve("missing").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot read kubeconfig ").hasLineCount(1);
    }

    @Test
    void deleteRemovesTheApp() {
        MockCluster.Run r = cluster.run(new DeleteCommand(MockCluster.context()), "etl-daily");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sparkapplication team-a/etl-daily deleted\n");
        assertThat(client.resources(SparkApplication.class).inNamespace("team-a").withName("etl-daily").get())
                .isNull();
    }

    @Test
    void logPrintsTheDriversSparkContainer() {
        server.expect().get().withPath("/api/v1/namespaces/team-a/pods/spark-pi-driver/log?pretty=false"
                + "&container=spark-kubernetes-driver").andReturn(200, "Pi is roughly 3.14\n").always();
        MockCluster.Run r = cluster.run(new LogCommand(MockCluster.context()), "spark-pi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Pi is roughly 3.14\n");
    }

    @Test
    void logOfOneExecutor() {
        // Executor 1 is Running: for a Pending pod fabric8 first watches it until it starts (logWaitTimeout), and
        // closing that watch can stall the CRUD mock's event loop for 20 s, which made this test flaky.
        server.expect().get().withPath("/api/v1/namespaces/team-a/pods/spark-pi-exec-1/log?pretty=false"
                + "&container=spark-kubernetes-executor").andReturn(200, "executor 1 here\n").always();
        MockCluster.Run r = cluster.run(new LogCommand(MockCluster.context()), "spark-pi", "-e", "1");
        assertThat(r.out()).as(r.err()).isEqualTo("executor 1 here\n");
        MockCluster.Run missing = cluster.run(new LogCommand(MockCluster.context()), "spark-pi", "-e", "9");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: sparkapplication \"spark-pi\" has no executor 9 (executors: 1, 2)\n");
    }

    @Test
    void logOfAnAppWithoutDriverSaysWhy() {
        MockCluster.Run r = cluster.run(new LogCommand(MockCluster.context()), "etl-daily");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: sparkapplication \"etl-daily\" has no driver pod yet (state FAILED)\n");
    }

    @Test
    void eventListsTheAppsAndItsPodsEventsOnly() {
        event("e1", "SparkApplication", "spark-pi", "SparkApplicationSubmitted", "submitted", "2026-11-21T11:00:05Z");
        event("e2", "Pod", "spark-pi-exec-2", "FailedScheduling", "0/3 nodes are available", "2026-11-21T11:59:30Z");
        event("e3", "Pod", "someone-else", "Pulled", "not ours", "2026-11-21T11:59:00Z");
        event("e4", "SparkApplication", "etl-daily", "SparkApplicationFailed", "not this app", "2026-11-21T11:00:00Z");
        MockCluster.Run r = cluster.run(new EventCommand(MockCluster.context()), "spark-pi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "LAST SEEN   TYPE      REASON                      OBJECT                      MESSAGE",
                "59m         Normal    SparkApplicationSubmitted   sparkapplication/spark-pi   submitted",
                "30s         Warning   FailedScheduling            pod/spark-pi-exec-2         0/3 nodes are available");
    }

    @Test
    void forwardRefusesADriverThatIsNotRunningAndBindsLocallyForOneThatIs() throws IOException {
        cluster.app("team-a", "pending-app", ApplicationStateType.SUBMITTED, null);
        cluster.pod("team-a", "pending-app", "pending-app-driver", "driver", null, "Pending");
        MockCluster.Run r = cluster.run(new ForwardCommand(MockCluster.context()), "pending-app");
        assertThat(r.err()).isEqualTo("error: driver pod \"pending-app-driver\" is Pending; its UI is only there "
                + "while it runs\n");

        ForwardCommand forward = new ForwardCommand(MockCluster.context());
        forward.app = "spark-pi";
        forward.localPort = 0;
        forward.remotePort = 4040;
        try (LocalPortForward open = forward.open(client, "team-a")) {
            assertThat(open.getLocalPort()).isPositive();
            assertThat(open.getLocalAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void createSubmitsTheManifestAsWrittenInTheContextsNamespace() throws IOException {
        Path file = manifest("new-app", "\n  futureField: {kept: true}");
        MockCluster.Run r = cluster.run(new CreateCommand(MockCluster.context()), file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sparkapplication team-a/new-app created\n");
        GenericKubernetesResource stored = client.genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(SparkApplication.class)).inNamespace("team-a")
                .withName("new-app").get();
        assertThat(stored.<Boolean>get("spec", "futureField", "kept")).isTrue();
        assertThat(stored.<String>get("spec", "image")).isEqualTo("apache/spark:4.1.1");
    }

    @Test
    void createRefusesToOverwriteUnlessDeleteFirst() throws IOException {
        Path file = manifest("spark-pi", "");
        MockCluster.Run again = cluster.run(new CreateCommand(MockCluster.context()), file.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: sparkapplication \"spark-pi\" already exists in namespace "
                + "\"team-a\" (use --delete-first to replace it, or sparkgate apply)\n");

        MockCluster.Run replaced = cluster.run(new CreateCommand(MockCluster.context()), file.toString(),
                "--delete-first");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(replaced.out()).isEqualTo("sparkapplication team-a/spark-pi deleted\n"
                + "sparkapplication team-a/spark-pi created\n");
        assertThat(client.resources(SparkApplication.class).inNamespace("team-a").withName("spark-pi").get()
                .getStatus()).as("a fresh app has no status").isNull();
    }

    @Test
    void createRejectsBadManifestsBeforeTouchingTheCluster() throws IOException {
        assertCreateFails("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n",
                "expected apiVersion sparkoperator.k8s.io/v1beta2 and kind SparkApplication, found apiVersion \"v1\""
                        + " kind \"Pod\"");
        assertCreateFails("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec: {}\n",
                "metadata.name is missing");
        assertCreateFails("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: [\n",
                "is not valid YAML or JSON");
        assertCreateFails("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                + "metadata: {name: x, namespace: team-b}\nspec: {}\n", "metadata.namespace \"team-b\" differs from "
                + "--namespace \"team-a\"", "-n", "team-a");
        assertCreateFails("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                + "metadata: {name: x}\nspec: {executor: {instances: many}}\n", "not a valid SparkApplication");
        assertThat(client.resources(SparkApplication.class).inNamespace("team-a").list().getItems()).hasSize(2);
    }

    private void assertCreateFails(String manifest, String reason, String... extra) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), manifest);
        String[] args = new String[extra.length + 1];
        args[0] = file.toString();
        System.arraycopy(extra, 0, args, 1, extra.length);
        MockCluster.Run r = cluster.run(new CreateCommand(MockCluster.context()), args);
        assertThat(r.exitCode()).as("bad input").isEqualTo(2);
        assertThat(r.err()).contains(reason).hasLineCount(1);
    }

    @Test
    void createWarnsOfATypoAndRefusesItWithStrict() throws IOException {
        Path file = manifest("typo", "\n  deps: {jarz: [\"local:///opt/extra.jar\"]}");
        MockCluster.Run strict = cluster.run(new CreateCommand(MockCluster.context()), file.toString(), "--strict");
        assertThat(strict.exitCode()).isEqualTo(2);
        assertThat(strict.err()).isEqualTo("error: " + file + ": unknown field \"spec.deps.jarz\" (did you "
                + "mean \"jars\"?) (--strict)\n");
        assertThat(client.resources(SparkApplication.class).inNamespace("team-a").withName("typo").get()).isNull();
        MockCluster.Run warned = cluster.run(new CreateCommand(MockCluster.context()), file.toString());
        assertThat(warned.exitCode()).as(warned.err()).isZero();
        assertThat(warned.err()).isEqualTo("Warning: unknown field \"spec.deps.jarz\" (did you mean \"jars\"?)\n");
        assertThat(warned.out()).isEqualTo("sparkapplication team-a/typo created\n");
    }

    private Path manifest(String name, String extraSpec) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata:
                  name: %s
                spec:
                  type: Scala
                  mode: cluster
                  image: apache/spark:4.1.1
                  mainClass: org.apache.spark.examples.SparkPi
                  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
                  sparkVersion: 4.1.1%s
                  driver: {cores: 1, memory: 512m}
                  executor: {instances: 1, cores: 1, memory: 512m}
                """.formatted(name, extraSpec));
    }

    private void event(String name, String kind, String object, String reason, String message, String at) {
        client.v1().events().inNamespace("team-a").resource(new EventBuilder().withNewMetadata().withName(name)
                .withNamespace("team-a").endMetadata().withNewInvolvedObject().withKind(kind).withName(object)
                .withNamespace("team-a").endInvolvedObject().withReason(reason).withMessage(message)
                .withType(reason.startsWith("Failed") ? "Warning" : "Normal").withLastTimestamp(at).build()).create();
    }
}
