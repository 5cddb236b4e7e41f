package io.sparkgate.bench.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.apiserver.IndexedStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The API server side of {@link OperatorSubmitBench}, in its own JVM so that the operator's process CPU is the
 * operator's alone: fabric8's mock HTTP server with either the CRUD dispatcher ({@code crud}) or {@link
 * IndexedStore} ({@code indexed}) behind it, the SparkApplication CRDs, and the load: creator threads creating
 * copies of {@code examples/spark-pi.yaml} and a watch that notes when each reaches SUBMITTED.
 *
 * <p>Protocol on stdin/stdout (other output lines do not start with {@code @@}): it prints {@code @@ READY port};
 * {@code BATCH ns apps creators} answers {@code @@ RESULT ...} (rate, latencies, and this process's CPU per app
 * during the batch: store, HTTP server, watch fan-out and the load's own client); {@code QUIT} answers {@code @@
 * SERVER ...} (its CPU since it started and, for the indexed store, the requests it served) and exits.
 */
public final class ApiServerProcess {
    /** Held so java.util.logging keeps the level set on it (it references loggers weakly). */
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private ApiServerProcess() {
    }

    /** {@code --store crud|indexed --repo DIR}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = OperatorSubmitBench.options(args);
        String root = opts.getOrDefault("repo", ".");
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        IndexedStore indexed = "indexed".equals(opts.get("store")) ? new IndexedStore() : null;
        Dispatcher dispatcher = indexed != null ? indexed : new KubernetesCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(server.getPort())).build();
        for (String crd : List.of("sparkoperator.k8s.io_sparkapplications.yaml",
                "sparkoperator.k8s.io_scheduledsparkapplications.yaml")) {
            client.apiextensions().v1().customResourceDefinitions().resource(Json.yaml().readValue(
                    Files.readString(Path.of(root, "charts", "sparkgate", "crds", crd)),
                    CustomResourceDefinition.class)).create();
        }
        String template = Files.readString(Path.of(root, "examples", "spark-pi.yaml"));
        System.out.println("@@ READY " + server.getPort());
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] cmd = line.trim().split("\\s+");
            if (cmd[0].equals("BATCH")) {
                System.out.println("@@ RESULT " + batch(client, template, cmd[1], Integer.parseInt(cmd[2]),
                        Integer.parseInt(cmd[3])));
            } else if (cmd[0].equals("QUIT")) {
                break;
            }
        }
        System.out.println("@@ SERVER cpu_ms=" + processCpu() / 1_000_000 + " objects="
                + (indexed == null ? "?" : indexed.size()) + " requests="
                + (indexed == null ? "{}" : indexed.requests()));
        client.close();
        server.destroy();
        System.exit(0);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The mock server's own client configuration: plain HTTP on loopback, nothing read from the machine. */
    public static Config clientConfig(int port) {
        return new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).withTrustCerts(true)
                .withNamespace("default").withHttp2Disable(true).build();
    }

    private static String batch(KubernetesClient client, String template, String ns, int apps, int creators)
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
        long cpu0 = processCpu();
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
        boolean complete = done.await(10, TimeUnit.MINUTES);
        long cpu = processCpu() - cpu0;
        pool.shutdown();
        watch.close();
        long[] times = submitted.values().stream().mapToLong(Long::longValue).sorted().toArray();
        double[] latencies = submitted.entrySet().stream().filter(e -> created.containsKey(e.getKey()))
                .mapToDouble(e -> (e.getValue() - created.get(e.getKey())) / 1e6).sorted().toArray();
        double seconds = times.length == 0 ? Double.NaN : (times[times.length - 1] - start) / 1e9;
        int q = times.length / 4;
        double first = q == 0 ? Double.NaN : q / ((times[q - 1] - start) / 1e9);
        double last = q == 0 ? Double.NaN : q / ((times[times.length - 1] - times[times.length - 1 - q]) / 1e9);
        return String.format(Locale.ROOT, "complete=%s submitted=%d seconds=%.2f rate=%.1f first_quarter=%.0f "
                        + "last_quarter=%.0f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f server_cpu_ms_per_app=%.2f", complete,
                times.length, seconds, times.length / seconds, first, last, pct(latencies, 0.50), pct(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1], cpu / 1e6 / apps);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
