package io.sparkgate.bench.cache;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.bench.operator.ApiServerProcess;
import io.sparkgate.bench.operator.OperatorSubmitBench;
import io.sparkgate.informers.InterningSerialization;
import io.sparkgate.operator.AppValidator;
import io.sparkgate.operator.Operator;
import io.sparkgate.operator.OperatorConfig;
import io.sparkgate.webhook.cluster.InformerCaches;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Live heap per cached object (issue 20): a child JVM ({@link FilledApiServer}) serves N SparkApplications and 2N
 * Spark pods; this JVM measures its heap after full GCs, starts the webhook's caches ({@code --role webhook}, the
 * production {@link InformerCaches}) or the operator ({@code --role operator}, the production {@link Operator},
 * whose apps are already running so it submits nothing), waits until they are ready, and measures again: the
 * difference over 3N objects is the per-object figure. Also reports the time to ready and the process's RSS. Run
 * it with the image's JVM flags and the chart's heap to check the sizing holds (see docs/benchmarks.md).
 */
public final class CacheHeapBench {
    private CacheHeapBench() {
    }

    /**
     * {@code --role webhook|operator --apps N [--namespaces 50] [--repo .] [--fixtures ../shared/fixtures]
     * [--histogram TOP]} (the last prints the top classes by live bytes once ready).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = OperatorSubmitBench.options(args);
        String role = opts.getOrDefault("role", "webhook");
        if (!role.equals("webhook") && !role.equals("operator")) {
            throw new IllegalArgumentException("--role must be webhook or operator, was " + role);
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), FilledApiServer.class.getName()));
        for (String key : List.of("apps", "namespaces", "repo", "fixtures")) {
            if (opts.containsKey(key)) {
                command.addAll(List.of("--" + key, opts.get(key)));
            }
        }
        Process api = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var fromApi = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
        String[] ready = awaitReady(fromApi);
        int port = Integer.parseInt(ready[0]);
        long objects = Long.parseLong(ready[1]) + Long.parseLong(ready[2]);
        // The client the webhook and operator commands build (InterningSerialization), on the child's port.
        try (KubernetesClient client = InterningSerialization.clientBuilder()
                .withConfig(ApiServerProcess.clientConfig(port)).build()) {
            client.namespaces().list(); // the client's own classes and connection pool are not the caches
            long before = liveHeap();
            long start = System.nanoTime();
            AutoCloseable running = role.equals("webhook") ? webhook(client) : operator(client);
            double readySeconds = (System.nanoTime() - start) / 1e9;
            long after = liveHeap();
            System.out.printf(Locale.ROOT, "role=%s objects=%d ready_s=%.2f heap_before_mib=%.1f "
                            + "heap_after_mib=%.1f bytes_per_object=%.0f rss_mib=%.0f max_heap_mib=%.0f%n", role,
                    objects, readySeconds, before / 1048576.0, after / 1048576.0,
                    (after - before) / (double) objects, rssMib(), Runtime.getRuntime().maxMemory() / 1048576.0);
            if (opts.containsKey("histogram")) {
                histogram(Integer.parseInt(opts.get("histogram")));
            }
            running.close();
        } finally {
            new PrintWriter(api.getOutputStream(), true, StandardCharsets.UTF_8).println("QUIT");
            api.waitFor();
        }
    }

    /** The production caches, ready as /readyz reports them: every cache synced and current. */
    private static AutoCloseable webhook(KubernetesClient client) throws InterruptedException {
        InformerCaches caches = InformerCaches.start(client, Clock.systemUTC(), "bench");
        await(() -> caches.caches().values().stream().allMatch(BooleanSupplier::getAsBoolean));
        long apps = 0;
        long pods = 0;
        for (String ns : caches.view().namespaces()) {
            apps += caches.view().sparkApplications(ns).size();
            pods += caches.view().sparkPods(ns).size();
        }
        System.out.println("cached: apps=" + apps + " pods=" + pods);
        return caches;
    }

    /** The production operator, ready once its informers are synced and its queue drained. */
    private static AutoCloseable operator(KubernetesClient client) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Operator operator = new Operator(client, OperatorConfig.defaults("bench"), (app, id) -> {
            throw new IllegalStateException("bench: every app already runs, nothing may be submitted");
        }, AppValidator.builtInRules(), registry, Clock.systemUTC(), new Random(1));
        operator.start();
        await(() -> registry.get("sparkgate.operator.queue.depth").gauge().value() == 0);
        Thread.sleep(1_000); // the reconciles taken from the queue finish
        double errors = registry.find("sparkgate.operator.reconcile.errors").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        if (errors > 0) {
            System.out.println("warning: " + errors + " reconcile errors (the apps were not steady)");
        }
        return operator;
    }

    /** Heap in use after full collections, once it stops falling. */
    static long liveHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /** The {@code top} classes by live bytes, from {@code jcmd <this pid> GC.class_histogram}. */
    private static void histogram(int top) throws java.io.IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().limit(top + 3L).forEach(System.out::println);
        }
        jcmd.waitFor();
    }

    private static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static String[] awaitReady(BufferedReader in) throws java.io.IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("@@ READY ")) {
                return line.substring("@@ READY ".length()).trim().split(" ");
            }
        }
        throw new IllegalStateException("the API server process ended before it was filled");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within 10 minutes");
            }
            Thread.sleep(10);
        }
    }
}
