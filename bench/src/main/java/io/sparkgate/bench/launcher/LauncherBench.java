package io.sparkgate.bench.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.launcher.spark.SparkSubmission;
import io.sparkgate.launcher.spark.SparkSubmitArgs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Launcher vs spark-submit. The launcher builds and submits N apps' objects (driver pod, Service, ConfigMap) to
 * each store named by {@code --stores}: fabric8's CRUD mock ({@code crud}, where spark-submit runs too), the same
 * HTTP server with test-fixtures' {@link io.sparkgate.testing.apiserver.IndexedStore} ({@code indexed}), or
 * test-fixtures' API emulation ({@code emulation}). Every figure comes after a JIT warm-up, and the launcher's own cost is given as CPU time per app, which a machine
 * shared with other work disturbs far less than the wall clock. Then Spark's own SparkSubmit runs (cluster mode,
 * {@code waitAppCompletion=false}, one JVM per app as kubeflow forks it) for a few of the same apps against the
 * CRUD mock. With {@code --fixtures-out DIR} it also writes the objects Spark created and the exact spark-submit
 * inputs as golden fixtures.
 *
 * <p>Usage: {@code LauncherBench [--apps 1000] [--threads 2] [--stores crud,indexed] [--spark-submits 3]
 * [--fixtures-out DIR]}
 */
public final class LauncherBench {
    private LauncherBench() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) throws Exception {
        int apps = intArg(args, "--apps", 1000);
        int threads = intArg(args, "--threads", 2);
        int sparkRuns = intArg(args, "--spark-submits", 3);
        List<String> stores = List.of(strArg(args, "--stores", "crud,indexed").split(","));
        String fixturesOut = strArg(args, "--fixtures-out", null);
        System.out.printf(Locale.ROOT, "%d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        warmUp(apps, threads);
        SubmissionBuilder buildOnly = new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC());
        for (int round = 1; round <= 3; round++) {
            double cpu = LauncherLoad.buildOnly(buildOnly, BenchApps.apps(apps, "build-only-" + round));
            System.out.printf(Locale.ROOT, "launcher build only, round %d: %.0f us CPU per app (%.0f apps/s per "
                    + "core)%n", round, cpu, 1e6 / cpu);
        }
        double crudRate = Double.NaN;
        for (String store : stores) {
            try (SubmitTarget target = SubmitTarget.named(store)) {
                SubmissionBuilder builder = new SubmissionBuilder(new LauncherSettings(target.masterUrl(), "root"),
                        Clock.systemUTC());
                LauncherLoad.Result r = LauncherLoad.run(builder, new Submitter(target.client()),
                        BenchApps.apps(apps, "bench"), threads);
                System.out.printf(Locale.ROOT, "launcher build + submit of %d apps to the %s, %d threads: %s "
                        + "(load average %.2f)%n", apps, target.name(), threads, r.describe(), loadAverage());
                if (store.equals("crud")) {
                    crudRate = r.rate();
                }
            }
        }
        if (sparkRuns > 0) {
            try (SubmitTarget target = SubmitTarget.crudMock()) {
                double sparkSecs = SparkSubmitRunner.run(target.client(), target.dispatcher(), target.masterUrl(),
                        sparkRuns, fixturesOut);
                if (sparkSecs > 0) {
                    System.out.printf(Locale.ROOT, "spark-submit: %d apps in %.2f s = %.3f apps/s (%.2f s/app)%n",
                            sparkRuns, sparkSecs, sparkRuns / sparkSecs, sparkSecs / sparkRuns);
                    if (!Double.isNaN(crudRate)) {
                        System.out.printf(Locale.ROOT, "ratio launcher (CRUD mock) / spark-submit: %.0fx%n",
                                crudRate / (sparkRuns / sparkSecs));
                    }
                }
            }
        }
    }

    // JIT warm-up: builds alone (C2 needs thousands of them), the whole path against the indexed store (fast, so
    // the run is short), then some apps against the CRUD mock so its server code is compiled too; each timed run
    // then starts from an empty store.
    private static void warmUp(int apps, int threads) throws Exception {
        LauncherLoad.buildOnly(new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()),
                BenchApps.apps(5 * apps, "warmup-build"));
        submitTo(SubmitTarget.indexed(), apps, threads);
        submitTo(SubmitTarget.crudMock(), Math.min(apps, 300), threads);
    }

    private static void submitTo(SubmitTarget target, int apps, int threads) throws Exception {
        try (target) {
            SubmissionBuilder builder = new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC());
            LauncherLoad.run(builder, new Submitter(target.client()), BenchApps.apps(apps, "warmup"), threads);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static int intArg(String[] args, String name, int fallback) {
        String v = strArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    static String strArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Writes one created object as a fixture file. */
    static void writeObject(Path dir, int index, String body) throws Exception {
        JsonNode node = Json.mapper().readTree(body);
        String name = String.format(Locale.ROOT, "%03d-%s-%s.json", index, node.path("kind").asText(),
                node.path("metadata").path("name").asText());
        Files.writeString(dir.resolve(name), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** The spark-submit arguments of a submission, as spark-submit receives them. */
    static List<String> argv(SparkSubmission s, String master) {
        return SparkSubmitArgs.render(s, master);
    }
}
