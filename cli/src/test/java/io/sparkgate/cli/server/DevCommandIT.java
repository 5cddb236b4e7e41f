package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.cli.Sparkgate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkgate dev} end to end, in-process: the whole pipeline runs spark-pi to COMPLETED and exits by itself,
 * with real Spark (the local kubelet, issue 14) and simulated.
 */
class DevCommandIT {
    @TempDir
    Path work;

    @Test
    void devRunsTheRealSparkPiWithExecutorsSparkCreatedThroughTheWebhook() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Sparkgate.commandLine();
        cli.setOut(new PrintWriter(out));
        long start = System.nanoTime();
        int exit = cli.execute("dev", "--work-dir", work.toString());
        double seconds = (System.nanoTime() - start) / 1e9;

        String text = out.toString();
        System.out.printf("[dev, real Spark] finished in %.1f s%n%s", seconds, text);
        assertThat(exit).as(text).isZero();
        assertThat(text).doesNotContain("running with --simulate")
                .contains("local kubelet started")
                .contains("driver pod created by the operator: default/spark-pi-driver")
                .contains("add     /metadata/labels/cost-center  \"dev\"")
                .contains("executor pod created by Spark's ExecutorPodsAllocator: default/spark-pi-")
                .contains("spark-pi: SUBMITTED -> RUNNING")
                .contains("done: spark-pi COMPLETED");
        // Spark's executor pods went through the webhook too: the policy's label is on them.
        assertThat(text.substring(text.indexOf("executor pod created by Spark's ExecutorPodsAllocator")))
                .contains("cost-center=dev");
        java.util.regex.Matcher pi = java.util.regex.Pattern.compile("driver log: Pi is roughly (3\\.\\d+)")
                .matcher(text);
        assertThat(pi.find()).as("the real driver's result line, read through pods/log").isTrue();
        assertThat(Double.parseDouble(pi.group(1))).isBetween(3.1, 3.2);
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("org.apache.spark")).toList()).as("no Spark process outlives dev").isEmpty();
    }

    @Test
    void devRunsSparkPiThroughTheWholePipelineToCompletedSimulated() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Sparkgate.commandLine();
        cli.setOut(new PrintWriter(out));
        long start = System.nanoTime();
        int exit = cli.execute("dev", "--simulate", "--work-dir", work.toString());
        double seconds = (System.nanoTime() - start) / 1e9;

        String text = out.toString();
        System.out.printf("[dev] finished in %.1f s%n%s", seconds, text);
        assertThat(exit).as(text).isZero();
        assertThat(seconds).as("dev finishes well under a minute").isLessThan(60);
        assertThat(text)
                .contains("from the Helm chart: MutatingWebhookConfiguration sparkgate: mutate-pods.sparkgate.io")
                .contains("caBundle of both configurations injected")
                .contains("operator sidecar started")
                .contains("applied SparkPolicy dev (examples/policies/dev.yaml)")
                .contains("applied SparkApplication default/spark-pi (examples/spark-pi.yaml)")
                .contains("driver pod created by the operator: default/spark-pi-driver")
                .contains("what admission changed, as a JSON Patch")
                .contains("add     /metadata/labels/cost-center  \"dev\"")
                .contains("ownerReferences: SparkApplication/spark-pi")
                .contains("executor pod created as Spark's driver creates it: default/spark-pi-exec-1")
                .contains("kubelet (simulated): driver pod spark-pi-driver -> Running")
                .contains("spark-pi: NEW -> SUBMITTED")
                .contains("-> RUNNING")
                .contains("-> COMPLETED")
                .contains("done: spark-pi COMPLETED");
        assertThat(text.indexOf("-> SUBMITTED")).isLessThan(text.indexOf("-> RUNNING"));
        assertThat(text.indexOf("-> RUNNING")).isLessThan(text.indexOf("-> COMPLETED"));
        assertThat(Files.readString(work.resolve("tls.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void aJarThatIsNotThereIsAUsageErrorBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = Sparkgate.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("dev", "--work-dir", work.toString(), "--jars", "/opt/app/x.jar=" + work.resolve("x.jar"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--jars: no file " + work.resolve("x.jar"));
        assertThat(work.resolve("tls.crt")).doesNotExist();
    }

    @Test
    void devThatCannotCompleteExitsNonZeroWithOneClearLine() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int exit;
        try {
            CommandLine cli = Sparkgate.commandLine();
            cli.setOut(new PrintWriter(new StringWriter()));
            exit = cli.execute("dev", "--simulate", "--work-dir", work.toString(), "--timeout", "1ms");
        } finally {
            System.setErr(saved);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(captured.toString()).contains("sparkgate dev: FAILED: spark-pi did not complete within 1ms")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingCertificateFileIsOneClearLine() {
        StringWriter err = new StringWriter();
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int exit = Sparkgate.commandLine().execute("webhook", "--port", "0", "--health-port", "0",
                    "--tls-cert-file", work.resolve("nope.crt").toString(),
                    "--tls-key-file", work.resolve("nope.key").toString(), "--apps-dir", work.toString());
            assertThat(exit).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString()).startsWith("sparkgate webhook: cannot read the TLS files")
                .contains("nope.crt").doesNotContain("\tat ");
        assertThat(err.toString()).isEmpty();
    }
}
