package io.sparkgate.bench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.operator.AppSubmitter;
import io.sparkgate.operator.AppValidator;
import io.sparkgate.operator.LauncherSubmitter;
import io.sparkgate.operator.Operator;
import io.sparkgate.operator.OperatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * SparkApplication created → SUBMITTED for N apps. This JVM runs only the operator (real CRDs, 10 workers by
 * default, the real launcher-core submitter or {@code --submitter noop}); the API server and the load run in a
 * second JVM ({@link ApiServerProcess}) with fabric8's CRUD mock ({@code --store crud}) or {@link
 * io.sparkgate.testing.apiserver.IndexedStore} ({@code --store indexed}) behind fabric8's mock HTTP server. It prints
 * apps/s, the p50/p99 from each create call's return to the SUBMITTED status arriving on a watch, this process's
 * CPU per app (the operator, its client, informers, GC and JIT), the CPU per app of the operator's own threads
 * ({@code sparkgate-*}: reconcile, launcher build, request serialisation), the operator's requests per app, its
 * {@code queue_depth} gauge during the batch and the driver pods each app has at the end ({@link QueueDepthSampler}).
 *
 * <p>Run from the repository root after {@code mvn -B -q -o -pl bench install -DskipTests}:
 * {@code java -cp "bench/target/classes:$(cat bench/target/cp.txt)" io.sparkgate.bench.operator.OperatorSubmitBench
 * --store indexed --apps 1000 --warmup 1000 --workers 10 [--submitter noop] [--creators 4]}
 */
public final class OperatorSubmitBench {
    private static final String EVENTS = "POST events (collection)";

    private OperatorSubmitBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int apps = Integer.parseInt(opts.getOrDefault("apps", "1000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1000"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "10"));
        int creators = Integer.parseInt(opts.getOrDefault("creators", "4"));
        String store = opts.getOrDefault("store", "indexed");
        boolean noop = "noop".equals(opts.get("submitter"));
        String root = opts.getOrDefault("repo", ".");

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        if (opts.containsKey("server-jvm")) {
            command.addAll(List.of(opts.get("server-jvm").split(" ")));
        }
        command.addAll(List.of(ApiServerProcess.class.getName(), "--store", store, "--repo", root));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var fromServer = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        var toServer = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        int port = Integer.parseInt(await(fromServer, "READY"));

        Map<String, LongAdder> requests = new ConcurrentHashMap<>();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(ApiServerProcess.clientConfig(port))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        requests.computeIfAbsent(kind(request), k -> new LongAdder()).increment();
                    }
                })).build();
        AppSubmitter submitter = noop
                ? (app, id) -> new SubmissionResult.Submitted(app.getMetadata().getName() + "-driver",
                        "spark-" + id.replace("-", ""), id)
                : new LauncherSubmitter(new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()),
                        new Submitter(client));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Operator operator = new Operator(client, OperatorConfig.defaults("bench").withWorkers(workers), submitter,
                AppValidator.builtInRules(), registry, Clock.systemUTC(), new Random(1));
        operator.start();
        QueueDepthSampler depth = new QueueDepthSampler(registry.get("sparkgate.operator.queue.depth").gauge());

        if (warmup > 0) {
            toServer.println("BATCH warmup " + warmup + " " + creators);
            System.out.println("warm-up: " + await(fromServer, "RESULT"));
        }
        Map<String, Long> before = snapshot(requests);
        double load0 = loadAverage();
        long cpu0 = processCpu();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> threads0 = threadCpu(names);
        depth.start();
        toServer.println("BATCH default " + apps + " " + creators);
        String result = await(fromServer, "RESULT");
        String depths = depth.stop();
        String drivers = QueueDepthSampler.driversPerApp(client, "default", apps);
        // The Events of the batch may still be on their way: count their cost too, so that an operator posting
        // them later does not look cheaper.
        long eventsBefore = before.getOrDefault(EVENTS, 0L);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (requests.getOrDefault(EVENTS, new LongAdder()).sum() - eventsBefore < apps
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long cpu = processCpu() - cpu0;
        Map<String, Long> byGroup = cpuSince(threads0, names);
        double load1 = loadAverage();
        Map<String, Long> after = snapshot(requests);
        operator.stop();
        client.close();
        toServer.println("QUIT");
        String serverLine = await(fromServer, "SERVER");
        server.waitFor();

        System.out.printf(Locale.ROOT, "operator created->SUBMITTED: store=%s apps=%d (after %d warm-up apps) "
                        + "workers=%d creators=%d submitter=%s cores=%d load average %.2f -> %.2f%n", store, apps,
                warmup, workers, creators, noop ? "noop" : "launcher-core", Runtime.getRuntime().availableProcessors(),
                load0, load1);
        System.out.println("  " + result);
        System.out.println("  queue_depth during the batch: " + depths);
        System.out.println("  driver pods: " + drivers);
        long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder groups = new StringBuilder();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() / 1e6 / apps >= 0.01)
                .forEach(e -> groups.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / 1e6 / apps)));
        System.out.printf(Locale.ROOT, "  operator process CPU %.2f ms per app (until all %d Events were posted), "
                        + "of which operator threads (sparkgate-*) %.2f ms%n  by thread group, ms per app:%s "
                        + "GC/JIT/VM (not Java threads) %.2f%n", cpu / 1e6 / apps, apps,
                byGroup.entrySet().stream().filter(e -> e.getKey().startsWith("sparkgate-"))
                        .mapToLong(Map.Entry::getValue).sum() / 1e6 / apps, groups, (cpu - javaThreads) / 1e6 / apps);
        Map<String, String> perApp = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n > 0) {
                perApp.put(k, String.format(Locale.ROOT, "%.2f", (double) n / apps));
            }
        });
        System.out.println("  operator requests per app: " + perApp);
        System.out.println("  api server process: " + serverLine);
    }

    /** {@code METHOD resource[/subresource][ (collection|watch)]}, e.g. {@code PUT sparkapplications/status}. */
    private static String kind(HttpRequest request) {
        // Counted on the operator's threads: no regular expressions, String.split on one char takes a fast path.
        String[] s = request.uri().getRawPath().split("/");
        int i = s.length > 1 && s[1].equals("api") ? 3 : 4;
        if (s.length > i + 2 && s[i].equals("namespaces")) {
            i += 2;
        }
        int rest = s.length - i;
        String resource = rest <= 0 ? "?" : s[i] + (rest >= 3 ? "/" + s[i + 2] : "");
        String query = request.uri().getRawQuery();
        boolean watch = query != null && query.contains("watch=true");
        return request.method() + " " + resource + (watch ? " (watch)" : rest == 1 ? " (collection)" : "");
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new HashMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    private static String await(BufferedReader in, String tag) throws java.io.IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("@@ " + tag)) {
                return line.substring(3 + tag.length()).trim();
            }
            System.err.println("[api server] " + line);
        }
        throw new IllegalStateException("the API server process ended before " + tag);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of every live Java thread by id; {@code names} collects their names. */
    private static Map<Long, Long> threadCpu(Map<Long, String> names) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                names.put(info.getThreadId(), info.getThreadName());
                cpu.put(info.getThreadId(), Math.max(0, mx.getThreadCpuTime(info.getThreadId())));
            }
        }
        return cpu;
    }

    /** CPU time since {@code before} by thread group: the name with numbers as N ({@code sparkgate-worker-N}). */
    private static Map<String, Long> cpuSince(Map<Long, Long> before, Map<Long, String> names) {
        Map<String, Long> groups = new TreeMap<>();
        for (var e : threadCpu(names).entrySet()) {
            String name = names.get(e.getKey());
            groups.merge(name.replaceAll("[0-9]+", "N"), e.getValue() - before.getOrDefault(e.getKey(), 0L),
                    Long::sum);
        }
        return groups;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** {@code --name value} pairs. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs, e.g. --apps 1000: " + Arrays.toString(args));
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }
}
