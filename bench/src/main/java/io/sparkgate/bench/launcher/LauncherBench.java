package io.sparkgate.bench.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.launcher.spark.RunIds;
import io.sparkgate.launcher.spark.SparkSubmission;
import io.sparkgate.launcher.spark.SparkSubmitArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Launcher vs spark-submit against the same CRUD mock API server: builds and submits N apps' objects with the
 * launcher, then runs Spark's own SparkSubmit (cluster mode, {@code waitAppCompletion=false}, one JVM per app as
 * kubeflow forks it) for a few of the same apps. With {@code --fixtures-out DIR} it also writes the objects Spark
 * created and the exact spark-submit inputs as golden fixtures.
 *
 * <p>Usage: {@code LauncherBench [--apps 1000] [--threads 2] [--spark-submits 3] [--fixtures-out DIR]}
 */
public final class LauncherBench {
    private LauncherBench() {
    }

    /** Runs the benchmark and prints the figures. */
    public static void main(String[] args) throws Exception {
        int apps = intArg(args, "--apps", 1000);
        int threads = intArg(args, "--threads", 2);
        int sparkRuns = intArg(args, "--spark-submits", 3);
        String fixturesOut = strArg(args, "--fixtures-out", null);
        warmUp(threads);
        ApplyAsCreateDispatcher dispatcher = new ApplyAsCreateDispatcher(new KubernetesMixedDispatcher(new HashMap<>()));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        try (KubernetesClient client = client(server)) {
            String master = "k8s://http://127.0.0.1:" + server.getPort();
            SubmissionBuilder builder = new SubmissionBuilder(new LauncherSettings(master, "root"), Clock.systemUTC());
            Submitter submitter = new Submitter(client);
            long t0 = System.nanoTime();
            int ok = runLauncher(builder, submitter, BenchApps.apps(apps, "bench"), threads);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "launcher: %d apps built+submitted (%d ok) in %.2f s = %.1f apps/s "
                    + "(%d threads)%n", apps, ok, secs, apps / secs, threads);
            long b0 = System.nanoTime();
            for (SparkApplication app : BenchApps.apps(apps, "build-only")) {
                String sid = UUID.randomUUID().toString();
                builder.build(app, sid, RunIds.appIdFor(sid));
            }
            double buildSecs = (System.nanoTime() - b0) / 1e9;
            System.out.printf(Locale.ROOT, "launcher build only: %.1f apps/s (%.3f ms/app, 1 thread)%n",
                    apps / buildSecs, buildSecs * 1000 / apps);
            if (sparkRuns > 0) {
                double sparkSecs = SparkSubmitRunner.run(client, dispatcher, master, sparkRuns, fixturesOut);
                if (sparkSecs > 0) {
                    System.out.printf(Locale.ROOT, "spark-submit: %d apps in %.2f s = %.3f apps/s (%.2f s/app)%n",
                            sparkRuns, sparkSecs, sparkRuns / sparkSecs, sparkSecs / sparkRuns);
                    System.out.printf(Locale.ROOT, "ratio launcher/spark-submit: %.0fx%n",
                            (apps / secs) / (sparkRuns / sparkSecs));
                }
            }
        } finally {
            server.destroy();
        }
    }

    // JIT warm-up on a separate mock: the CRUD mock scans all stored objects per request, so the timed run
    // starts from an empty one.
    private static void warmUp(int threads) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        server.init();
        try (KubernetesClient client = client(server)) {
            SubmissionBuilder builder = new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC());
            runLauncher(builder, new Submitter(client), BenchApps.apps(300, "warmup"), threads);
        } finally {
            server.destroy();
        }
    }

    private static KubernetesClient client(KubernetesMockServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.createClient().getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    private static int runLauncher(SubmissionBuilder builder, Submitter submitter, List<SparkApplication> apps,
                                   int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SubmissionResult>> results = new ArrayList<>();
            for (SparkApplication app : apps) {
                results.add(pool.submit(() -> {
                    String sid = UUID.randomUUID().toString();
                    return submitter.submit(builder.build(app, sid, RunIds.appIdFor(sid)));
                }));
            }
            int ok = 0;
            for (Future<SubmissionResult> f : results) {
                SubmissionResult r = f.get();
                if (r.succeeded()) {
                    ok++;
                } else {
                    System.err.println("failed: " + r);
                }
            }
            return ok;
        } finally {
            pool.shutdown();
        }
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
