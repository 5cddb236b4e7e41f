package io.sparkgate.bench.launcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.spark.SparkSubmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs Spark's own SparkSubmit, one JVM per app as kubeflow's operator forks it, for apps the launcher also
 * submits, against the same mock API server; optionally records what Spark created as golden fixtures.
 */
final class SparkSubmitRunner {
    private static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";

    private SparkSubmitRunner() {
    }

    /**
     * Runs {@code count} submissions (with {@code fixturesOut}, the golden inputs instead) and returns their total
     * wall time in seconds, or -1 without Spark's jars.
     */
    static double run(KubernetesClient client, ApplyAsCreateDispatcher dispatcher, String master, int count,
                      String fixturesOut) throws Exception {
        try {
            Class.forName(SPARK_SUBMIT, false, SparkSubmitRunner.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            System.out.println("spark-submit: skipped, Spark's jars are not on the classpath (use -Pspark-submit)");
            return -1;
        }
        double total = 0;
        List<SparkApplication> apps = fixturesOut != null ? BenchApps.goldenApps("spark-submit")
                : BenchApps.apps(count, "spark-submit");
        for (SparkApplication app : apps) {
            String sid = UUID.randomUUID().toString();
            SparkSubmission submission = SubmissionBuilder.toSubmission(app, sid);
            List<String> argv = LauncherBench.argv(submission, master);
            dispatcher.startRecording();
            long t0 = System.nanoTime();
            int exit = fork(argv);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<String> created = dispatcher.stopRecording();
            total += secs;
            String driver = submission.conf().get("spark.kubernetes.driver.pod.name");
            boolean exists = client.pods().inNamespace("spark-submit").withName(driver).get() != null;
            System.out.printf(Locale.ROOT, "spark-submit %s: exit %d, %.2f s, %d objects, driver created: %s%n",
                    app.getMetadata().getName(), exit, secs, created.size(), exists);
            if (exit != 0 || !exists) {
                throw new IllegalStateException("spark-submit did not create " + driver);
            }
            if (fixturesOut != null) {
                write(Path.of(fixturesOut).resolve(app.getMetadata().getName()), app, argv, created);
            }
        }
        return total;
    }

    private static int fork(List<String> argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SPARK_SUBMIT));
        cmd.addAll(argv);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "spark-submit-bench.log").toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("spark-submit took longer than 120 s");
        }
        return p.exitValue();
    }

    private static void write(Path dir, SparkApplication app, List<String> argv, List<String> created)
            throws Exception {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add("# The exact spark-submit inputs (one argument per line) Spark 4.1.1 received for app.yaml.");
        argv.forEach(a -> lines.add(a.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")));
        Files.write(dir.resolve("spark-submit.args"), lines);
        Files.writeString(dir.resolve("app.yaml"), Json.yaml().writeValueAsString(app));
        for (int i = 0; i < created.size(); i++) {
            LauncherBench.writeObject(dir, i + 1, created.get(i));
        }
    }
}
