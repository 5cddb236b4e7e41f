package io.sparkgate.cli.server;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.cli.dev.DevRun;
import io.sparkgate.cli.dev.DevServe;
import io.sparkgate.cli.dev.WebhookStarter;
import io.sparkgate.kubelet.SparkImage;
import io.sparkgate.webhook.server.ServingCertificateSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgate dev}: the whole pipeline on one machine, no cluster, no files. An in-process API server that
 * runs kube-apiserver's admission chain, the webhook with bootstrapped certificates and the Helm chart's webhook
 * configurations, and the operator sidecar; then the example policy and spark-pi are applied and followed to
 * COMPLETED, its pods run as real Spark JVMs by the local kubelet (or simulated with {@code --simulate}). Exits 0 on COMPLETED, 1 with one clear line on any failure.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole sparkgate pipeline on this machine and watch an app go through it: an in-memory "
                + "Kubernetes API server (it runs admission webhooks as kube-apiserver does), the sparkgate webhook "
                + "with a throwaway CA and the Helm chart's webhook configurations, and the operator sidecar. It "
                + "applies examples/policies/dev.yaml and examples/spark-pi.yaml; a local kubelet runs the driver pod as "
                + "Spark 4.1.1's own driver, which creates its executor pods through the webhook, run as real "
                + "executors. It prints each state transition, what the webhook did to every pod and the driver's "
                + "result, until spark-pi is COMPLETED. Then it stops everything and exits 0.",
            "", "Everything it needs is inside the jar; nothing listens beyond 127.0.0.1.", ""})
public final class DevCommand implements Callable<Integer> {
    private static final String SAMPLE_POD = "spark-pi-driver.json";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the serving certificate and key are written. Default: a new temporary directory.")
    Path workDir;

    @Option(names = "--simulate", description = "Do not run Spark: the kubelet and Spark's driver are simulated (a "
            + "captured executor pod replayed, phases set by hand). Taken by itself when no Spark runtime is built.")
    boolean simulate;

    @Option(names = "--app", paramLabel = "FILE",
            description = "Run this SparkApplication (YAML or JSON, namespace default) instead of "
                    + "examples/spark-pi.yaml.")
    Path app;

    @Option(names = "--jars", paramLabel = "[IMAGE_PATH=]FILE", split = ",",
            description = "Files of your own image: each FILE is put into the Spark image at IMAGE_PATH, or in "
                    + "/opt/spark/jars (on every driver's and executor's classpath) when no path is given, e.g. "
                    + "--jars /opt/app/my-app.jar=target/my-app.jar.")
    List<String> jars = List.of();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "180s", converter = DurationConverter.class,
            description = "Give up (exit 1) if spark-pi is not COMPLETED by then. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--verbose", description = "Also show sparkgate's log lines (one per admission) on stderr.")
    boolean verbose;

    @Option(names = "--serve", description = "Keep the dev cluster up for your own clients (kubectl, sparkgate, "
            + "tests) until Ctrl-C or SIGTERM, instead of running the example app; then stop everything it started "
            + "and delete its temporary files.")
    boolean serve;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE", description = "With --serve: where to write a "
            + "kubeconfig for the dev cluster (printed as export KUBECONFIG=FILE). Default: kubeconfig in the work "
            + "directory.")
    Path kubeconfigOut;

    @Option(names = "--components", paramLabel = "LIST", split = ",", defaultValue = "api,webhook,operator,kubelet",
            description = "With --serve: what to start (api alone can serve a test or a benchmark; each needs "
                    + "those before it). Default: ${DEFAULT-VALUE}.")
    List<String> components;

    @Mixin
    AdmissionOptions admission;

    @Override
    public Integer call() throws Exception {
        if (admission.appsDir != null || admission.policiesDir != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "dev runs its own API server and applies "
                    + "the examples to it: --apps-dir and --policies-dir are for `sparkgate webhook` offline");
        }
        PrintWriter out = spec.commandLine().getOut();
        // The progress lines are the output; sparkgate's per-admission log lines and the libraries' notices would
        // bury them, so they are hidden unless --verbose.
        ch.qos.logback.classic.Logger logger = logbackLogger("io.sparkgate");
        ch.qos.logback.classic.Logger root = logbackLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level saved = logger == null ? null : logger.getLevel();
        Level savedRoot = root == null ? null : root.getLevel();
        if (logger != null && root != null && !verbose) {
            logger.setLevel(Level.WARN);
            root.setLevel(Level.ERROR);
        }
        if (!serve && (kubeconfigOut != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kubeconfig-out is for --serve");
        }
        try {
            Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("sparkgate-dev-");
            if (serve) {
                return serve(out, dir);
            }
            Optional<SparkImage> image = simulate ? Optional.empty() : sparkImage(out);
            if (image.isPresent()) {
                image = Optional.of(withJars(image.get()));
            }
            new DevRun(out).run(webhookStarter(), dir, timeout, image, Optional.ofNullable(app));
            return 0;
        } catch (DevRun.DevFailure | IllegalStateException | IllegalArgumentException | IOException
                 | UncheckedIOException e) {
            out.flush();
            System.err.println("sparkgate dev: FAILED: " + e.getMessage());
            return 1;
        } finally {
            if (logger != null && root != null) {
                logger.setLevel(saved);
                root.setLevel(savedRoot);
            }
        }
    }

    /** Serves until a signal: the shutdown hook releases the serve loop and waits for it to stop everything. */
    private int serve(PrintWriter out, Path dir) throws InterruptedException {
        java.util.Set<DevServe.Component> wanted;
        try {
            wanted = DevServe.components(components);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<SparkImage> image = wanted.contains(DevServe.Component.KUBELET) && !simulate ? sparkImage(out)
                : Optional.empty();
        if (image.isPresent()) {
            image = Optional.of(withJars(image.get()));
        }
        Path kubeconfig = kubeconfigOut != null ? kubeconfigOut.toAbsolutePath() : dir.resolve("kubeconfig");
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sparkgate-dev-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            new DevServe(out).serve(webhookStarter(), dir, workDir == null, wanted, image, kubeconfig, stop);
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** The webhook as {@code sparkgate webhook} runs it, following the given API server's SparkApplications. */
    WebhookStarter webhookStarter() {
        return (port, certFile, keyFile, client) -> {
            WebhookRuntime runtime = WebhookRuntime.start(WebhookRuntime.config("127.0.0.1", port, "127.0.0.1", 0,
                    certFile, keyFile, admission), admission, WebhookRuntime.Apps.informer(client, "API emulation",
                    admission.quotaNamespace, admission.quotaTiming().ttl(), admission.freshness()));
            return new WebhookStarter.Running() {
                @Override
                public int port() {
                    return runtime.server().port();
                }

                @Override
                public ServingCertificateSink certificates() {
                    return runtime.server().certificates();
                }

                @Override
                public void close() {
                    runtime.close();
                }
            };
        };
    }

    /**
     * The real webhook wiring for tests and tools that run sparkgate against an API emulation.
     *
     * @param webhookOptions options of {@code sparkgate dev} / {@code sparkgate webhook}, e.g. {@code --app-wait 1s}
     */
    public static WebhookStarter webhookStarter(String... webhookOptions) {
        DevCommand command = new DevCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(webhookOptions);
        return command.webhookStarter();
    }

    /** The image with the files of {@code --jars}; a missing file is a usage error. */
    private SparkImage withJars(SparkImage image) {
        for (String jar : jars) {
            int eq = jar.indexOf('=');
            Path file = Path.of(eq < 0 ? jar : jar.substring(eq + 1));
            String at = eq < 0 ? SparkImage.JARS + "/" + file.getFileName() : jar.substring(0, eq);
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--jars: no file " + file);
            }
            if (!at.startsWith("/")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--jars: the image path of " + file
                        + " must be absolute, not " + at);
            }
            image = image.withFile(at, file);
        }
        return image;
    }

    /** The Spark image the local kubelet runs pods from, or empty (with one line saying why) to simulate. */
    private static Optional<SparkImage> sparkImage(PrintWriter out) {
        Optional<Path> runtime = SparkImage.findRuntime();
        if (runtime.isEmpty()) {
            out.println("no Spark runtime built (spark-runtime/target, or -D" + SparkImage.RUNTIME_PROPERTY
                    + "=DIR): running with --simulate");
            return Optional.empty();
        }
        try {
            return Optional.of(SparkImage.load(runtime.get()));
        } catch (IllegalStateException | UncheckedIOException e) {
            out.println(e.getMessage() + ": running with --simulate");
            return Optional.empty();
        }
    }

    private static ch.qos.logback.classic.Logger logbackLogger(String name) {
        return LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l ? l : null;
    }

    /** The sample AdmissionReview: a CREATE of the driver pod Spark 4.1.1 made for spark-pi, in {@code default}. */
    public static ObjectNode sampleReview() {
        JsonNode pod = Json.read(resource(SAMPLE_POD), JsonNode.class);
        ObjectNode review = Json.mapper().createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.put("operation", "CREATE").put("namespace", "default")
                .put("name", pod.path("metadata").path("name").asText()).put("dryRun", false);
        request.putObject("userInfo").put("username", "system:serviceaccount:spark-operator:sparkgate");
        request.set("object", pod);
        return review;
    }

    /** A sample built into the jar ({@code spark-pi-driver.json}, {@code spark-pi.yaml}). */
    public static String resource(String name) {
        try (InputStream in = DevCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + name + ": rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
