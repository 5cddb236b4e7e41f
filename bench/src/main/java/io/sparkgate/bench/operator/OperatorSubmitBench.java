package io.sparkgate.bench.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.operator.AppSubmitter;
import io.sparkgate.operator.AppValidator;
import io.sparkgate.operator.LauncherSubmitter;
import io.sparkgate.operator.Operator;
import io.sparkgate.operator.OperatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * SparkApplication created → SUBMITTED for N apps: the operator (real launcher-core submitter, real CRDs) against
 * fabric8's CRUD mock API server in the same JVM. Prints apps/s and the p50/p99 latency from the create call's
 * return to the SUBMITTED status arriving on a watch.
 *
 * <p>Run from the repository root after {@code mvn -pl bench -am install -DskipTests}:
 * {@code java -cp "$(cat bench/target/cp.txt):bench/target/classes" io.sparkgate.bench.operator.OperatorSubmitBench
 * --apps 1000 --warmup 300 --workers 10 [--submitter noop]}
 */
public final class OperatorSubmitBench {
    /** Held so java.util.logging keeps the level set on it (it references loggers weakly). */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private OperatorSubmitBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int apps = Integer.parseInt(opts.getOrDefault("apps", "1000"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "10"));
        int creators = Integer.parseInt(opts.getOrDefault("creators", "4"));
        boolean noop = "noop".equals(opts.get("submitter"));
        String root = opts.getOrDefault("repo", ".");
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);

        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        for (String crd : List.of("sparkoperator.k8s.io_sparkapplications.yaml",
                "sparkoperator.k8s.io_scheduledsparkapplications.yaml")) {
            client.apiextensions().v1().customResourceDefinitions().resource(Json.yaml().readValue(
                    Files.readString(Path.of(root, "charts", "sparkgate", "crds", crd)),
                    CustomResourceDefinition.class)).create();
        }
        AppSubmitter submitter = noop
                ? (app, id) -> new SubmissionResult.Submitted(app.getMetadata().getName() + "-driver",
                        "spark-" + id.replace("-", ""), id)
                : new LauncherSubmitter(new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()),
                        new Submitter(client));
        Operator operator = new Operator(client, OperatorConfig.defaults("bench").withWorkers(workers), submitter,
                AppValidator.builtInRules(), new SimpleMeterRegistry(), Clock.systemUTC(), new Random(1));
        operator.start();

        String template = Files.readString(Path.of(root, "examples", "spark-pi.yaml"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "300"));
        if (warmup > 0) {
            batch(client, template, "warmup", warmup, creators);
        }
        Batch measured = batch(client, template, "default", apps, creators);
        operator.stop();
        client.close();
        server.destroy();
        report(apps, workers, warmup, noop, measured);
    }

    /** The timings of one batch of apps. */
    private record Batch(boolean complete, long start, long end, Map<String, Long> created,
                         Map<String, Long> submitted) {
    }

    private static Batch batch(KubernetesClient client, String template, String ns, int apps, int creators)
            throws InterruptedException {
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(apps);
        var watch = client.resources(SparkApplication.class).inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, SparkApplication app) {
                if (app.getStatus() != null && app.getStatus().state() == ApplicationStateType.SUBMITTED
                        && submitted.putIfAbsent(app.getMetadata().getName(), System.nanoTime()) == null) {
                    done.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        long start = System.nanoTime();
        for (int i = 0; i < apps; i++) {
            String name = "bench-" + i;
            pool.execute(() -> {
                SparkApplication app = Json.read(template, SparkApplication.class);
                app.getMetadata().setName(name);
                app.getMetadata().setNamespace(ns);
                client.resources(SparkApplication.class).inNamespace(ns).resource(app).create();
                created.put(name, System.nanoTime());
            });
        }
        boolean all = done.await(10, TimeUnit.MINUTES);
        long end = submitted.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        pool.shutdown();
        watch.close();
        return new Batch(all, start, end, created, submitted);
    }


    private static void report(int apps, int workers, int warmup, boolean noop, Batch batch) {
        Map<String, Long> created = batch.created();
        Map<String, Long> submitted = batch.submitted();
        double[] latencies = submitted.entrySet().stream().filter(e -> created.containsKey(e.getKey()))
                .mapToDouble(e -> (e.getValue() - created.get(e.getKey())) / 1e6).sorted().toArray();
        double seconds = (batch.end() - batch.start()) / 1e9;
        System.out.printf("operator created->SUBMITTED: apps=%d (after %d warm-up apps) workers=%d submitter=%s "
                        + "complete=%s cores=%d%n", apps, warmup, workers, noop ? "noop" : "launcher-core",
                batch.complete(), Runtime.getRuntime().availableProcessors());
        System.out.printf("  throughput %.1f apps/s (%.1f s for %d apps); latency p50 %.0f ms, p99 %.0f ms, "
                        + "max %.0f ms%n", submitted.size() / seconds, seconds, submitted.size(),
                pct(latencies, 0.50), pct(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs, e.g. --apps 1000: " + Arrays.toString(args));
        }
        return opts;
    }
}
