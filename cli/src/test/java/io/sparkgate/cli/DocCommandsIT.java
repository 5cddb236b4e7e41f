package io.sparkgate.cli;

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
 * Docs as tests, the cluster half: every command of a block marked {@code <!-- commands: cluster -->} in README.md
 * and docs/*.md runs, in document order, against {@code sparkgate dev --serve} (the real kubectl for
 * {@code kubectl ...}, the built jar for {@code sparkgate ...}), from the root of the clone as a user runs them, and
 * ends with the exit code the doc gives. A command that depends on the app having got somewhere (a log that is not
 * there yet) is retried for up to two minutes, as a user would try again; it must get there.
 */
class DocCommandsIT {
    private static final Path ROOT = DocCommandsTest.ROOT;

    @TempDir
    Path dir;

    private static Result run(Path kubeconfig, List<String> command) {
        return Processes.run(ROOT, Map.of("KUBECONFIG", kubeconfig.toString()), Duration.ofSeconds(240),
                command);
    }

    @Test
    void everyClusterCommandOfTheDocsRunsAgainstTheDevCluster() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = ROOT.resolve("cli/target/sparkgate.jar").toString();
        Path kubeconfig = dir.resolve("kubeconfig");
        Path log = dir.resolve("dev.log");
        Process dev = new ProcessBuilder(java, "-jar", jar, "dev", "--serve", "--kubeconfig-out", kubeconfig.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        try {
            long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("export KUBECONFIG=")) {
                assertThat(dev.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("dev --serve ready within 90 s").isLessThan(ready);
                Thread.sleep(200);
            }
            for (DocCommandsTest.DocCommand c : DocCommandsTest.commands()) {
                if (!c.mode().equals("cluster")) {
                    continue;
                }
                List<String> words = c.words();
                List<String> command = new ArrayList<>();
                if (words.get(0).equals("sparkgate")) {
                    command.addAll(List.of(java, "-jar", jar));
                } else {
                    command.add(System.getProperty("sparkgate.kubectl"));
                }
                command.addAll(words.subList(1, words.size()));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                Result r = run(kubeconfig, command);
                while (r.code() != c.exit() && System.nanoTime() < until) {
                    Thread.sleep(2000);
                    r = run(kubeconfig, command);
                }
                ran++;
                if (r.code() != c.exit()) {
                    failures.add(c.where() + ": exit " + r.code() + ", the doc says " + c.exit() + "; " + r.err());
                }
            }
        } finally {
            dev.destroy();
            dev.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(ran).as("cluster commands in the docs").isGreaterThanOrEqualTo(10);
        assertThat(failures).isEmpty();
    }
}
