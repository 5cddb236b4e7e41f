package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.schema.ChartCrds;
import io.sparkgate.kubelet.KubeletOptions;
import io.sparkgate.kubelet.LocalKubelet;
import io.sparkgate.kubelet.SparkImage;
import io.sparkgate.operator.Operator;
import io.sparkgate.testing.apiserver.ApiEmulation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code sparkgate dev --serve}: the dev cluster kept up for a user's own clients until SIGINT/SIGTERM. It starts
 * the components asked for (the API emulation always; then the webhook with the chart's webhook configurations, the
 * operator sidecar and the local kubelet running pods as real Spark JVMs), installs the chart's own CRDs (so kubectl
 * gets their printer columns and kube-apiserver's field validation), applies the dev SparkPolicy, writes a
 * kubeconfig and prints {@code export KUBECONFIG=...}. On a signal it stops everything it started, last started
 * first, and deletes the work directory it created.
 */
public final class DevServe {
    /** What {@code --components} may name, in the order they start. */
    public enum Component { API, WEBHOOK, OPERATOR, KUBELET }

    private final PrintWriter out;

    /** A server printing to {@code out}. */
    public DevServe(PrintWriter out) {
        this.out = out;
    }

    /**
     * The components of a {@code --components} value: each one needs those before it (the webhook and the operator
     * need the API; the kubelet needs the operator, which creates the pods it runs).
     *
     * @throws IllegalArgumentException naming the unknown component or the missing one
     */
    public static Set<Component> components(List<String> names) {
        EnumSet<Component> set = EnumSet.noneOf(Component.class);
        for (String n : names) {
            try {
                set.add(Component.valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--components: unknown component \"" + n.trim()
                        + "\" (api, webhook, operator, kubelet)");
            }
        }
        if (!set.contains(Component.API)) {
            throw new IllegalArgumentException("--components: api is required: every other component talks to it");
        }
        if (set.contains(Component.KUBELET) && !set.contains(Component.OPERATOR)) {
            throw new IllegalArgumentException("--components: kubelet needs operator (it creates the driver pods)");
        }
        if (set.contains(Component.OPERATOR) && !set.contains(Component.WEBHOOK)) {
            throw new IllegalArgumentException("--components: operator needs webhook (pods are admitted through it)");
        }
        return set;
    }

    /**
     * Serves until the JVM is asked to stop (the caller's shutdown hook releases {@code stopped}).
     *
     * @param spark      the Spark image for the kubelet, or empty (then the kubelet is not started, said once)
     * @param removeDir  whether {@code workDir} is this run's own, removed on the way out
     */
    public void serve(WebhookStarter starter, Path workDir, boolean removeDir, Set<Component> components,
                      Optional<SparkImage> spark, Path kubeconfig, CountDownLatch stopped) throws InterruptedException {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ApiEmulation api;
            KubernetesClient client;
            LocalCluster cluster = null;
            if (components.contains(Component.WEBHOOK)) {
                cluster = LocalCluster.start(starter, LocalCluster.Options.defaults(workDir));
                started.add(cluster);
                api = cluster.api();
                say("webhook:     https://127.0.0.1:" + cluster.webhook().port() + ", routed as Service "
                        + ChartWebhooks.NAMESPACE + "/" + ChartWebhooks.SERVICE + ", with the chart's webhook "
                        + "configurations");
            } else {
                api = ApiEmulation.start();
                started.add(api);
            }
            client = api.client();
            installChartCrds(client);
            say("API server:  " + api.url() + " (the chart's CRDs installed)");
            if (components.contains(Component.WEBHOOK)) {
                SparkPolicy policy = Json.read(DevResources.text(DevResources.POLICY), SparkPolicy.class);
                client.resource(policy).createOr(existing -> existing.update());
                say("SparkPolicy " + policy.getMetadata().getName() + " applied (examples/policies/dev.yaml)");
            }
            if (components.contains(Component.OPERATOR)) {
                Operator operator = LocalOperator.start(cluster);
                started.add(operator);
                say("operator sidecar started");
            }
            if (components.contains(Component.KUBELET)) {
                if (spark.isPresent()) {
                    KubeletOptions options = KubeletOptions.of(workDir.resolve("kubelet"), spark.get(), api.url());
                    LocalKubelet kubelet = LocalKubelet.start(api.newClient(c -> c), options);
                    api.podLogs(kubelet);
                    started.add(() -> api.podLogs(null));
                    started.add(kubelet);
                    say("local kubelet started: pods run as local Spark 4.1.1 JVMs");
                } else {
                    say("local kubelet not started (no Spark runtime built): pods stay Pending");
                }
            }
            say("work dir:    " + workDir + (removeDir ? " (removed on exit)" : ""));
            writeKubeconfig(kubeconfig, api.url());
            say("kubeconfig:  " + kubeconfig);
            out.println("export KUBECONFIG=" + kubeconfig);
            say("serving until Ctrl-C (SIGINT) or SIGTERM; try: kubectl apply -f examples/spark-pi.yaml");
            out.flush();
            stopped.await();
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    out.println("stopping: " + e.getMessage());
                }
            }
            if (removeDir) {
                delete(workDir);
            }
            say("stopped");
            out.flush();
        }
    }

    /** Replaces the test CRDs the cluster starts with by the chart's own (printer columns, structural schemas). */
    private static void installChartCrds(KubernetesClient client) {
        for (String file : ChartCrds.ALL) {
            // the file's own text, read by fabric8 itself: its CRD schema types need its parser-level handling
            try (InputStream in = ChartCrds.open(file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.resource(crd).createOr(existing -> existing.update());
            } catch (IOException e) {
                throw new UncheckedIOException("reading CRD " + file, e);
            }
        }
    }

    /** A kubeconfig for the emulation: one cluster, an admin user (the emulation authenticates no one). */
    static void writeKubeconfig(Path file, String server) {
        String text = "apiVersion: v1\nkind: Config\nclusters:\n- name: sparkgate-dev\n  cluster:\n    server: "
                + server + "\nusers:\n- name: sparkgate-dev-admin\n  user: {}\ncontexts:\n- name: sparkgate-dev\n"
                + "  context: {cluster: sparkgate-dev, user: sparkgate-dev-admin, namespace: default}\n"
                + "current-context: sparkgate-dev\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the OS's temp cleaning takes the rest
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
