package io.sparkgate.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.bench.cache.FilledApiServer;
import io.sparkgate.bench.operator.ApiServerProcess;
import io.sparkgate.bench.operator.OperatorSubmitBench;
import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import io.sparkgate.cli.server.DevCommand;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 30-minute soak of issue 20: {@link FilledApiServer} (N apps + 2N pods) in one child JVM, the production {@code
 * sparkgate webhook} and {@code sparkgate operator} (the cli jar, the image's JVM flags at the chart's memory
 * limit) in one child JVM each, pointed at it through a kubeconfig file. This JVM drives steady admissions over TLS
 * to the webhook and churn (apps created for the operator to submit, a kubelet's part, apps deleted), and writes one
 * CSV row a minute: live heap after a full GC and RSS of both processes, restarts, admissions good and bad, mutate
 * p50/p99, the operator's queue_depth, the load average. Before the measured minutes it reports the readiness
 * split (webhook start → last initial list page served → /readyz 200) and, after the warm-up, a burst at a fixed
 * rate with one review (the mutate p99 to compare with {@code --apps 1}). Ends with the verdict of {@link
 * SoakReport}. See docs/benchmarks.md for the command.
 */
public final class SoakBench {
    private SoakBench() {
    }

    /**
     * {@code --apps 10000 --minutes 30 [--warmup-minutes 5] [--rate 150] [--churn 20] [--churn-live 40]
     * [--burst-rate 2000] [--burst-seconds 30] [--jar cli/target/sparkgate.jar] [--jvm "-Xmx384m ..."]
     * [--namespaces 50] [--repo .] [--fixtures ../shared/fixtures] [--window 10] [--bound-pct 5] [--bound-mib 2]}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = OperatorSubmitBench.options(args);
        int apps = Integer.parseInt(o.getOrDefault("apps", "10000"));
        int namespaces = Integer.parseInt(o.getOrDefault("namespaces", "50"));
        int minutes = Integer.parseInt(o.getOrDefault("minutes", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup-minutes", "5"));
        Path repo = Path.of(o.getOrDefault("repo", "."));
        Path dir = Files.createTempDirectory("sparkgate-soak-");
        System.out.println("logs, certificates and soak.csv in " + dir);

        Process api = startApi(o, apps, namespaces, repo);
        var fromApi = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
        var toApi = new PrintWriter(api.getOutputStream(), true, StandardCharsets.UTF_8);
        long fillStart = System.currentTimeMillis();
        int apiPort = Integer.parseInt(answer(fromApi, "READY").split(" ")[0]);
        System.out.printf(Locale.ROOT, "api server filled: %d apps + %d pods in %.0f s%n", apps, 2 * apps,
                (System.currentTimeMillis() - fillStart) / 1e3);
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig(apiPort));
        CertificateAuthority ca = CertificateAuthority.generate("soak CA", Duration.ofDays(1),
                KeyAlgorithm.ECDSA_P256, Clock.systemUTC(), new SecureRandom());
        IssuedCertificate leaf = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1),
                KeyAlgorithm.ECDSA_P256);
        Files.writeString(dir.resolve("tls.crt"), leaf.certificatePem());
        Files.writeString(dir.resolve("tls.key"), leaf.keyPem());

        List<String> jvm = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        jvm.addAll(List.of(o.getOrDefault("jvm", "-Xmx384m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC")
                .trim().split("\\s+")));
        jvm.addAll(List.of("-Djava.io.tmpdir=" + dir, "-jar", o.getOrDefault("jar", "cli/target/sparkgate.jar")));
        int webhookPort = freePort();
        int webhookHealth = freePort();
        int operatorHealth = freePort();
        List<String> webhookCommand = new ArrayList<>(jvm);
        webhookCommand.addAll(List.of("webhook", "--port=" + webhookPort, "--bind-address=127.0.0.1",
                "--tls-cert-file=" + dir.resolve("tls.crt"), "--tls-key-file=" + dir.resolve("tls.key"),
                "--health-port=" + webhookHealth, "--kubeconfig=" + kubeconfig,
                // the chart's defaults (values.yaml, sparkgate.webhookLimitArgs)
                "--decision-deadline=4s", "--admission-workers=0", "--admission-queue=256", "--header-timeout=10s",
                "--idle-timeout=120s", "--max-connections=1000", "--quota-reservation-ttl=60s",
                "--quota-commit-budget=3s"));
        List<String> operatorCommand = new ArrayList<>(jvm);
        // The bench store refuses PATCH, which fabric8's Lease lock sends: one operator, no election.
        operatorCommand.addAll(List.of("operator", "--health-port=" + operatorHealth, "--kubeconfig=" + kubeconfig,
                "--leader-elect=false"));

        ChildJvm webhook = new ChildJvm("webhook", webhookCommand, dir.resolve("webhook.log"));
        ChildJvm operator = new ChildJvm("operator", operatorCommand, dir.resolve("operator.log"));
        Health webhookHealthz = new Health(webhookHealth);
        Health operatorHealthz = new Health(operatorHealth);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            webhook.kill(); // interrupted (Ctrl-C): the children must not outlive the bench
            operator.kill();
        }));
        int exit;
        try {
            if (!readiness("webhook", webhook, webhookHealthz, fromApi, toApi)
                    || !readiness("operator", operator, operatorHealthz, fromApi, toApi)) {
                System.out.println("FAIL: a process never became ready; see " + dir);
                exit = 2;
            } else {
                awaitQueueDrained(operatorHealthz, operator);
                exit = soak(o, apps, namespaces, minutes, warmup, repo, dir, apiPort, webhookPort, ca, webhook,
                        operator, operatorHealthz, fromApi, toApi) ? 0 : 1;
            }
        } finally {
            webhook.stop();
            operator.stop();
            toApi.println("QUIT");
            api.waitFor();
        }
        System.exit(exit);
    }

    /** The warm-up, the burst and the measured minutes; true when the verdict is a pass (or there is none). */
    private static boolean soak(Map<String, String> o, int apps, int namespaces, int minutes, int warmup, Path repo,
                             Path dir, int apiPort, int webhookPort, CertificateAuthority ca, ChildJvm webhook,
                             ChildJvm operator, Health operatorHealth, BufferedReader fromApi, PrintWriter toApi)
            throws Exception {
        int rate = Integer.parseInt(o.getOrDefault("rate", "150"));
        String caPem = ca.certificate().certificatePem();
        Path fixtures = Path.of(o.getOrDefault("fixtures", "../shared/fixtures")).resolve("spark-4.1.1");
        JsonNode executor = Json.read(Files.readString(FilledApiServer.firstPod(
                fixtures.resolve("executors-client-mode"))), JsonNode.class);
        String template = Files.readString(repo.resolve("examples").resolve("spark-pi.yaml"));
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(ApiServerProcess.clientConfig(apiPort)).build();
             SoakReport report = new SoakReport(dir.resolve("soak.csv"));
             AdmissionDriver load = new AdmissionDriver(webhookPort, caPem, reviews(apps, namespaces, 256), 8);
             Churn churn = new Churn(client, template, executor, namespaces,
                     Integer.parseInt(o.getOrDefault("churn-live", "40")))) {
            load.startLoad(rate);
            churn.start(Integer.parseInt(o.getOrDefault("churn", "20")));
            long next = System.currentTimeMillis();
            for (int minute = 1; minute <= warmup + minutes; minute++) {
                if (minute == warmup + 1) {
                    burst(o, load, webhookPort, caPem, rate);
                    next = System.currentTimeMillis();
                }
                next += 60_000;
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                AdmissionDriver.Window w = load.window();
                webhook.restartIfExited();
                operator.restartIfExited();
                toApi.println("SIZE");
                report.add(new SoakReport.Row(minute <= warmup ? minute : minute - warmup,
                        minute <= warmup ? "warmup" : "soak", Instant.now().toString(), load1(),
                        webhook.liveHeapMib(), webhook.rssMib(), webhook.restarts(), operator.liveHeapMib(),
                        operator.rssMib(), operator.restarts(), w,
                        operatorHealth.gauge("sparkgate_operator_queue_depth"), answer(fromApi, "SIZE"),
                        churn.counts()));
            }
            if (minutes == 0) {
                burst(o, load, webhookPort, caPem, rate); // a burst-only run (--apps 1: the empty cluster)
                return true;
            }
            load.stopLoad();
            List<String> lines = new ArrayList<>();
            boolean pass = report.verdict(Integer.parseInt(o.getOrDefault("window", "10")),
                    Double.parseDouble(o.getOrDefault("bound-pct", "5")),
                    Double.parseDouble(o.getOrDefault("bound-mib", "2")), lines);
            lines.add(0, "soak: " + apps + " apps + " + 2 * apps + " pods, " + minutes + " measured minutes after "
                    + warmup + " of warm-up, " + rate + " admissions/s, churn " + churn.counts()
                    + "; exits: webhook " + webhook.exits() + ", operator " + operator.exits());
            lines.forEach(System.out::println);
            Files.write(dir.resolve("verdict.txt"), lines);
            return pass;
        }
    }

    /** The steady load pauses; one review (app-0's driver) at the burst rate; the steady load resumes. */
    private static void burst(Map<String, String> o, AdmissionDriver steady, int port, String caPem, int rate)
            throws InterruptedException {
        int burstRate = Integer.parseInt(o.getOrDefault("burst-rate", "2000"));
        int seconds = Integer.parseInt(o.getOrDefault("burst-seconds", "30"));
        if (burstRate <= 0 || seconds <= 0) {
            return;
        }
        steady.stopLoad();
        Thread.sleep(1_000);
        try (AdmissionDriver burst = new AdmissionDriver(port, caPem, List.of(review(0, 1)), 16)) {
            burst.startLoad(burstRate);
            Thread.sleep(3_000); // connections and TLS sessions
            burst.window();
            Thread.sleep(seconds * 1_000L);
            burst.stopLoad();
            Thread.sleep(2_000); // answers in flight
            AdmissionDriver.Window w = burst.window();
            System.out.printf(Locale.ROOT, "burst: /mutate/pods at %d/s for %d s, one review (app-0): %d good, %d bad,"
                            + " p50 %.2f ms, p99 %.2f ms, load average %.2f%n", burstRate, seconds, w.good(), w.bad(),
                    w.percentileMs(0.50), w.percentileMs(0.99), load1());
        }
        steady.window(); // the pause is not a steady minute's
        steady.startLoad(rate);
    }

    /** Starts the child, polls its /readyz and prints when its last initial list page was served. */
    private static boolean readiness(String name, ChildJvm child, Health health, BufferedReader fromApi,
                                     PrintWriter toApi) throws IOException, InterruptedException {
        toApi.println("MARK");
        child.start();
        long start = child.startedMillis();
        long ready = health.awaitReady(child);
        toApi.println("LISTS");
        String lists = answer(fromApi, "LISTS");
        StringBuilder split = new StringBuilder();
        long lastList = 0;
        for (String entry : lists.isBlank() ? new String[0] : lists.split(" ")) {
            String[] kv = entry.split("=");
            long at = Long.parseLong(kv[1]);
            lastList = Math.max(lastList, at);
            split.append(String.format(Locale.ROOT, " %s %.2f s;", kv[0], (at - start) / 1e3));
        }
        if (ready < 0) {
            System.out.printf(Locale.ROOT, "%s: not ready (exits %s); last list pages at (s after start):%s%n", name,
                    child.exits(), split);
            return false;
        }
        System.out.printf(Locale.ROOT, "%s readiness: process start -> last initial list page served %.2f s (%s ) "
                        + "-> /readyz 200 %.2f s: %.2f s after the lists; load average %.2f%n", name,
                (lastList - start) / 1e3, split.toString().trim(), (ready - start) / 1e3, (ready - lastList) / 1e3,
                load1());
        return true;
    }

    private static void awaitQueueDrained(Health operator, ChildJvm child) throws InterruptedException, IOException {
        long start = child.startedMillis();
        double depth = Double.NaN;
        for (int i = 0; i < 6000; i++) {
            depth = operator.gauge("sparkgate_operator_queue_depth");
            if (depth == 0) {
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "operator: queue_depth %.0f at %.2f s after its start%n", depth,
                (System.currentTimeMillis() - start) / 1e3);
    }

    private static Process startApi(Map<String, String> o, int apps, int namespaces, Path repo) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), FilledApiServer.class.getName(), "--apps",
                Integer.toString(apps), "--namespaces", Integer.toString(namespaces), "--repo", repo.toString()));
        if (o.containsKey("fixtures")) {
            command.addAll(List.of("--fixtures", o.get("fixtures")));
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reviews of the driver pods of {@code count} apps spread over the filled ones. */
    private static List<Buffer> reviews(int apps, int namespaces, int count) {
        List<Buffer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, apps); i++) {
            out.add(review(i * (apps / Math.min(count, apps)), namespaces));
        }
        return out;
    }

    /** The sample driver pod's AdmissionReview, as app {@code n}'s driver in its namespace. */
    private static Buffer review(int n, int namespaces) {
        ObjectNode review = DevCommand.sampleReview();
        String ns = FilledApiServer.namespace(n % namespaces);
        String app = "app-" + n;
        ObjectNode request = (ObjectNode) review.get("request");
        request.put("namespace", ns).put("name", app + "-driver");
        ObjectNode metadata = (ObjectNode) request.get("object").get("metadata");
        metadata.put("name", app + "-driver").put("namespace", ns);
        ((ObjectNode) metadata.get("labels")).put(SparkLabels.APP_NAME, app).put(SparkLabels.SPARK_APP_NAME, app);
        return Buffer.buffer(Json.write(review).getBytes(StandardCharsets.UTF_8));
    }

    private static String kubeconfig(int port) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: bench, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: bench, user: {}}]
                contexts: [{name: bench, context: {cluster: bench, user: bench, namespace: default}}]
                current-context: bench
                """.formatted(port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String answer(BufferedReader in, String tag) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("@@ " + tag)) {
                return line.substring(3 + tag.length()).trim();
            }
            System.out.println("[api server] " + line);
        }
        throw new IllegalStateException("the API server process ended before " + tag);
    }
}
