package io.sparkgate.bench.quota;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.server.DevCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 13: SparkApplication CREATE latency and throughput through the API emulation in a namespace with a tenant
 * quota, with the cluster-wide reservation commit ({@code --quota-namespace}) against in-memory reservations, with
 * one and three webhook replicas. Each create is timed end to end (client → API server → webhook → commit).
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.sparkgate.bench.quota.QuotaAdmissionBench CREATES THREADS}</pre>
 */
public final class QuotaAdmissionBench {
    private QuotaAdmissionBench() {
    }

    /** Runs the four configurations and prints one Markdown row each. */
    public static void main(String[] args) throws Exception {
        int creates = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.out.println("| reservations | replicas | creates/s | p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|");
        for (boolean commit : new boolean[] {false, true}) {
            for (int replicas : new int[] {1, 3}) {
                run(commit, replicas, creates, threads);
            }
        }
    }

    private static void run(boolean commit, int replicas, int creates, int threads) throws Exception {
        List<String> options = new ArrayList<>(List.of("--shutdown-grace", "1s"));
        if (commit) {
            options.addAll(List.of("--quota-namespace", ChartWebhooks.NAMESPACE));
        }
        Path dir = Files.createTempDirectory("quota-bench");
        try (LocalCluster cluster = LocalCluster.start(DevCommand.webhookStarter(options.toArray(String[]::new)),
                LocalCluster.Options.defaults(dir).withApiWorkerThreads(64))) {
            KubernetesClient client = cluster.client();
            if (client.namespaces().withName(ChartWebhooks.NAMESPACE).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                        .withName(ChartWebhooks.NAMESPACE).endMetadata().build()).create();
            }
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench")
                    .addToLabels("tenant", "bench").endMetadata().build()).create();
            client.resource(Json.read("apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: bench}\n"
                    + "spec:\n  namespaceSelector: {matchLabels: {tenant: bench}}\n  quota:\n"
                    + "    maxCores: \"1000000\"\n", SparkPolicy.class)).create();
            cluster.addReplicas(replicas - 1);
            Thread.sleep(2000); // every replica's informer has the policy
            create(client, "warm", Math.min(100, creates), threads);
            long start = System.nanoTime();
            long[] micros = create(client, "app", creates, threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(micros);
            System.out.printf("| %s | %d | %.0f | %.2f | %.2f |%n", commit ? "committed (ConfigMap)" : "in-memory",
                    replicas, creates / seconds, micros[micros.length / 2] / 1000.0,
                    micros[(int) (micros.length * 0.99)] / 1000.0);
        }
    }

    private static long[] create(KubernetesClient client, String prefix, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = prefix + "-" + i;
            results.add(pool.submit(() -> {
                SparkApplication app = Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                        + "metadata: {name: " + name + ", namespace: bench}\nspec:\n  type: Scala\n  mode: cluster\n"
                        + "  image: docker.io/library/spark:4.1.1\n  mainClass: org.apache.spark.examples.SparkPi\n"
                        + "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar\n"
                        + "  sparkVersion: 4.1.1\n  driver: {cores: 1}\n  executor: {instances: 2, cores: 1}\n",
                        SparkApplication.class);
                long t0 = System.nanoTime();
                try {
                    client.resources(SparkApplication.class).inNamespace("bench").resource(app).create();
                } catch (KubernetesClientException e) {
                    throw new IllegalStateException("create " + name + " refused: " + e.getMessage(), e);
                }
                return (System.nanoTime() - t0) / 1000;
            }));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = results.get(i).get();
        }
        pool.shutdown();
        return out;
    }
}
