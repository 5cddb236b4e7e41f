package io.sparkgate.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.cli.Sparkgate;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sparkgate validate} and {@code sparkgate mutate} on the example policies and apps. */
class OfflineVerbsTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("examples");
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Sparkgate.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void validateAllowsAnAppThatFitsAndDeniesWithTheNumbers() throws IOException {
        Path policy = EXAMPLES.resolve("policies/team-a.yaml");
        Path app = write("app.yaml", Files.readString(EXAMPLES.resolve("etl-daily.yaml")));
        Run ok = run("validate", "--policy", policy.toString(), "--app", app.toString(),
                "--namespace-label", "tenant=team-a");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("SparkApplication team-a/etl-daily with 1 applicable SparkPolicy(ies)")
                .contains("decision: ALLOWED");
        // another etl-daily already runs in the tenant: 10 + 10 cores > 16
        Path usage = write("usage.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: "
                + "{tenant: team-a}}\n---\n" + Files.readString(EXAMPLES.resolve("etl-daily.yaml"))
                .replace("name: etl-daily", "name: etl-hourly"));
        Run denied = run("validate", "--policy", policy.toString(), "--app", app.toString(), "--usage",
                usage.toString());
        assertThat(denied.code()).isEqualTo(1);
        assertThat(denied.out()).contains("decision: DENIED (403 Forbidden)")
                .contains("app team-a/etl-daily needs 10 cores; tenant team-a (SparkPolicy team-a) has 6 of 16 left")
                .contains("violation: [deny] team-a tenant-quota: ");
    }

    @Test
    void validateReportsBadInputWithExitCode2() throws IOException {
        Path bad = write("bad.yaml", "apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: p}\n"
                + "spec: {namespaceSelector: {}, quota: {maxCores: \"-1\"}}\n");
        Run r = run("validate", "--policy", bad.toString(), "--app", EXAMPLES.resolve("spark-pi.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("SparkPolicy p is invalid: spec.quota.maxCores: must not be negative, was -1");
        Run missing = run("validate", "--app", tmp.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml: cannot be read");
    }

    @Test
    void typosAreWarnedAndRefusedWithStrict() throws IOException {
        String spark = Files.readString(EXAMPLES.resolve("spark-pi.yaml"));
        Path typo = write("typo.yaml", spark.replace("instances:", "instnces:"));
        String warning = "unknown field \"spec.executor.instnces\" (did you mean \"instances\"?)";
        Run warned = run("validate", "--app", typo.toString());
        assertThat(warned.code()).as(warned.err()).isZero();
        assertThat(warned.out()).contains("decision: ALLOWED").contains("warning: " + warning);
        Run strict = run("validate", "--strict", "--app", typo.toString());
        assertThat(strict.code()).isEqualTo(2);
        assertThat(strict.err()).isEqualTo("error: " + typo + ": " + warning + " (--strict)\n");
        Path pod = write("driver.json", Files.readString(SparkFixtures.files(SparkFixtures.PYTHON_RICH, "Pod").get(0)));
        Run mutated = run("mutate", "--app", typo.toString(), "--pod", pod.toString());
        assertThat(mutated.code()).as(mutated.err()).isZero();
        assertThat(mutated.out()).contains("warning: " + warning);
        assertThat(run("mutate", "--strict", "--app", typo.toString(), "--pod", pod.toString()).code()).isEqualTo(2);
    }

    @Test
    void anInvalidValueIsBadInputForEveryVerb() throws IOException {
        String spark = Files.readString(EXAMPLES.resolve("spark-pi.yaml"));
        Path two = write("two.yaml", spark.replaceFirst("cores: 1", "cores: \"two\""));
        assertThat(two).content().contains("cores: \"two\"");
        Run validated = run("validate", "--app", two.toString());
        assertThat(validated.code()).as(validated.out()).isEqualTo(2);
        assertThat(validated.out()).contains("decision: DENIED (422 Invalid)");
        Path pod = write("driver.json", Files.readString(SparkFixtures.files(SparkFixtures.PYTHON_RICH, "Pod").get(0)));
        Run mutated = run("mutate", "--app", two.toString(), "--pod", pod.toString());
        assertThat(mutated.code()).as(mutated.err()).isEqualTo(2);
        assertThat(mutated.err()).contains("cores");
    }

    @Test
    void mutatePrintsDecisionPatchAndMutatedPod() throws IOException {
        Path pod = write("driver.json", Files.readString(SparkFixtures.files(SparkFixtures.PYTHON_RICH, "Pod").get(0)));
        Run r = run("mutate", "--app", EXAMPLES.resolve("etl-daily.yaml").toString(), "--pod", pod.toString(),
                "--policy", EXAMPLES.resolve("policies/team-a.yaml").toString(), "--namespace-label", "tenant=team-a");
        // the fixture's image is not from example.com: the pod is denied by the policy's registry rule
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("decision: DENIED (403 Forbidden)")
                .contains("spec.containers[0].image: \"registry.example.com/spark-py:4.1.1\" is not from a registry "
                        + "SparkPolicy team-a allows (example.com)")
                .contains("--- patch").contains("\"path\" : \"/spec/priorityClassName\"")
                .contains("--- mutated pod").contains("priorityClassName: spark-batch");
        Run allowed = run("mutate", "--app", EXAMPLES.resolve("etl-daily.yaml").toString(), "--pod", pod.toString());
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("decision: ALLOWED").doesNotContain("spark-batch");
    }
}
