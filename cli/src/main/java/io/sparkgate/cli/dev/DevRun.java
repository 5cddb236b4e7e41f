package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.kubelet.SparkImage;
import io.sparkgate.operator.Operator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code sparkgate dev}'s scenario: a {@link LocalCluster} (API emulation, webhook, chart webhook configurations,
 * bootstrapped certificates) plus the operator sidecar, then the example policy and the spark-pi example applied
 * as a user would; the pods run as real Spark processes by the local kubelet (or, simulated, a replayed executor pod
 * and phases set by hand), and every state transition and the mutated pods are printed until the app is COMPLETED. Bounded by a deadline; any failure is one clear line and a non-zero result.
 */
public final class DevRun {
    /** The namespace of the example app. */
    public static final String NAMESPACE = "default";
    static final Set<ApplicationStateType> FAILED = Set.of(ApplicationStateType.FAILED,
            ApplicationStateType.SUBMISSION_FAILED, ApplicationStateType.INVALIDATING);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PENDING_FOR = Duration.ofMillis(300);
    private static final Duration EXECUTORS_RUN_FOR = Duration.ofSeconds(1);

    private final PrintWriter out;
    private final long started = System.nanoTime();

    /** A run printing to {@code out}. */
    public DevRun(PrintWriter out) {
        this.out = out;
    }

    /** Why a run stopped short of COMPLETED. */
    public static final class DevFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DevFailure(String message) {
            super(message);
        }
    }

    /**
     * Runs the whole pipeline and returns once spark-pi is COMPLETED.
     *
     * @param starter starts the webhook as {@code sparkgate webhook} runs it
     * @param workDir where certificates are written
     * @param timeout the deadline for the app to complete
     * @throws DevFailure when the app fails, is refused, or does not complete in time
     */
    public void run(WebhookStarter starter, Path workDir, Duration timeout) {
        run(starter, workDir, timeout, Optional.empty(), Optional.empty());
    }

    /**
     * Runs the whole pipeline with Spark itself when {@code spark} is present (the local kubelet runs the pods as
     * Spark 4.1.1 JVMs), else with the simulated kubelet and driver; returns once spark-pi is COMPLETED.
     *
     * @param appFile a SparkApplication (YAML or JSON) to run instead of examples/spark-pi.yaml
     * @throws DevFailure when the app fails, is refused, or does not complete in time
     */
    public void run(WebhookStarter starter, Path workDir, Duration timeout, Optional<SparkImage> spark,
                    Optional<Path> appFile) {
        AdmissionLog admissions = new AdmissionLog();
        say("starting the API emulation (kube-apiserver's admission chain, in memory, on 127.0.0.1) ...");
        try (LocalCluster cluster = LocalCluster.start(starter,
                LocalCluster.Options.defaults(workDir).withListener(admissions))) {
            say("API server:  " + cluster.api().url() + "  (fabric8/kubectl clients can talk to it while dev runs)");
            say("certificates: a throwaway CA; serving certificate for sparkgate.sparkgate-system.svc in "
                    + cluster.certFile());
            say("webhook:     https://127.0.0.1:" + cluster.webhook().port() + ", routed as Service "
                    + ChartWebhooks.NAMESPACE + "/" + ChartWebhooks.SERVICE + ":" + ChartWebhooks.SERVICE_PORT);
            ChartWebhooks.chartDefaults().describe().forEach(line -> say("from the Helm chart: " + line));
            say("caBundle of both configurations injected by cert-manager-bootstrap's CaBundleInjector");
            try (Operator operator = LocalOperator.start(cluster)) {
                say("operator sidecar started (launcher-core submits drivers; no spark-submit JVM)");
                follow(cluster, admissions, timeout, spark, workDir, appFile);
            }
        }
    }

    private void follow(LocalCluster cluster, AdmissionLog admissions, Duration timeout, Optional<SparkImage> spark,
                        Path workDir, Optional<Path> appFile) {
        KubernetesClient client = cluster.client();
        SparkPolicy policy = Json.read(DevResources.text(DevResources.POLICY), SparkPolicy.class);
        create("SparkPolicy " + policy.getMetadata().getName() + " (examples/policies/dev.yaml)",
                () -> client.resource(policy).create());
        SparkApplication app = appFile.map(DevRun::readApp)
                .orElseGet(() -> Json.read(DevResources.text(DevResources.SPARK_PI), SparkApplication.class));
        String source = appFile.map(Path::toString).orElse("examples/spark-pi.yaml");
        app.getMetadata().setNamespace(NAMESPACE);
        String name = app.getMetadata().getName();
        BlockingQueue<ApplicationState> states = new LinkedBlockingQueue<>();
        var apps = client.resources(SparkApplication.class).inNamespace(NAMESPACE);
        try (Watch watch = apps.withName(name).watch(new StateWatcher(states))) {
            create("SparkApplication " + NAMESPACE + "/" + name + " (" + source + ")",
                    () -> apps.resource(app).create());
            if (spark.isPresent()) {
                new RealSpark(this, cluster, spark.get(), workDir).follow(admissions, name, states,
                        System.nanoTime() + timeout.toNanos(), appFile.isEmpty() ? "Pi is roughly" : null);
            } else {
                simulate(new Kubelet(client), admissions, name, states, timeout);
            }
        }
    }

    private void simulate(Kubelet kubelet, AdmissionLog admissions, String app, BlockingQueue<ApplicationState> states,
                          Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ApplicationStateType last = ApplicationStateType.NEW;
        Stage stage = Stage.WAIT_FOR_DRIVER;
        long stageSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            ApplicationState state = poll(states);
            if (state != null && state.state() != last) {
                say(app + ": " + last + " -> " + state.state()
                        + (state.errorMessage() == null || state.errorMessage().isBlank() ? ""
                        : " (" + state.errorMessage() + ")"));
                last = state.state();
                if (last == ApplicationStateType.COMPLETED) {
                    say("done: " + app + " COMPLETED in " + elapsed());
                    return;
                }
                if (FAILED.contains(last)) {
                    throw new DevFailure(app + " ended " + last + ": " + state.errorMessage());
                }
            }
            Stage next = stage.next(this, kubelet, admissions, app, last, System.nanoTime() - stageSince);
            if (next != stage) {
                stage = next;
                stageSince = System.nanoTime();
            }
        }
        throw new DevFailure(app + " did not complete within " + (timeout.toMillis() % 1000 == 0
                ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms") + " (last state " + last
                + ", simulation at " + stage + ")");
    }

    /** Where the simulated kubelet and driver are; each step returns the next stage. */
    private enum Stage {
        WAIT_FOR_DRIVER, DRIVER_PENDING, DRIVER_RUNNING, EXECUTORS_RUNNING, FINISHED;

        Stage next(DevRun run, Kubelet kubelet, AdmissionLog admissions, String app, ApplicationStateType state,
                   long inStageNanos) {
            return switch (this) {
                case WAIT_FOR_DRIVER -> kubelet.driver(NAMESPACE, app).map(driver -> {
                    run.showPod("driver pod created by the operator", driver, admissions);
                    kubelet.setPhase(driver, "Pending");
                    run.say("kubelet (simulated): driver pod " + driver.getMetadata().getName() + " -> Pending");
                    return DRIVER_PENDING;
                }).orElse(this);
                case DRIVER_PENDING -> {
                    if (inStageNanos < PENDING_FOR.toNanos()) {
                        yield this;
                    }
                    Pod driver = kubelet.driver(NAMESPACE, app).orElseThrow(() -> gone(app));
                    kubelet.setPhase(driver, "Running");
                    run.say("kubelet (simulated): driver pod " + driver.getMetadata().getName() + " -> Running");
                    yield DRIVER_RUNNING;
                }
                case DRIVER_RUNNING -> {
                    if (state != ApplicationStateType.RUNNING) {
                        yield this;
                    }
                    Pod driver = kubelet.driver(NAMESPACE, app).orElseThrow(() -> gone(app));
                    List<HasMetadata> created = kubelet.createExecutors(driver);
                    for (HasMetadata o : created) {
                        if (o instanceof Pod executor) {
                            run.showPod("executor pod created as Spark's driver creates it", executor, admissions);
                            kubelet.setPhase(executor, "Running");
                            run.say("kubelet (simulated): executor pod " + executor.getMetadata().getName()
                                    + " -> Running");
                        }
                    }
                    yield EXECUTORS_RUNNING;
                }
                case EXECUTORS_RUNNING -> {
                    if (inStageNanos < EXECUTORS_RUN_FOR.toNanos()) {
                        yield this;
                    }
                    for (Pod executor : kubelet.executors(NAMESPACE, app)) {
                        kubelet.setPhase(executor, "Succeeded");
                    }
                    Pod driver = kubelet.driver(NAMESPACE, app).orElseThrow(() -> gone(app));
                    kubelet.setPhase(driver, "Succeeded");
                    run.say("kubelet (simulated): executors and driver pod " + driver.getMetadata().getName()
                            + " -> Succeeded (container " + Kubelet.DRIVER_CONTAINER + " exited 0)");
                    yield FINISHED;
                }
                case FINISHED -> this;
            };
        }

        private static DevFailure gone(String app) {
            return new DevFailure("the driver pod of " + app + " disappeared");
        }
    }

    private static SparkApplication readApp(Path file) {
        try {
            SparkApplication app = Json.read(java.nio.file.Files.readString(file), SparkApplication.class);
            if (app.getMetadata() == null || app.getMetadata().getName() == null) {
                throw new DevFailure(file + " is not a SparkApplication with a metadata.name");
            }
            return app;
        } catch (java.io.IOException e) {
            throw new DevFailure("cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new DevFailure(file + " is not a SparkApplication: " + e.getMessage());
        }
    }

    void showPod(String what, Pod pod, AdmissionLog admissions) {
        String name = pod.getMetadata().getName();
        say(what + ": " + pod.getMetadata().getNamespace() + "/" + name);
        admissions.latest("pods", pod.getMetadata().getNamespace(), name).ifPresentOrElse(
                d -> PodReport.print(out, d, "           "),
                () -> out.println("           (no webhook was called for it: not a Spark pod?)"));
        out.flush();
    }

    private void create(String what, Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            throw new DevFailure("the API server refused " + what + ": " + message);
        }
        say("applied " + what);
    }

    static ApplicationState poll(BlockingQueue<ApplicationState> states) {
        try {
            return states.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevFailure("interrupted");
        }
    }

    void say(String line) {
        out.printf("[%5s] %s%n", elapsed(), line);
        out.flush();
    }

    String elapsed() {
        return String.format("%.1fs", (System.nanoTime() - started) / 1e9);
    }

    /** Queues every state the app's status reports, in order. */
    private static final class StateWatcher implements Watcher<SparkApplication> {
        private final BlockingQueue<ApplicationState> states;

        StateWatcher(BlockingQueue<ApplicationState> states) {
            this.states = states;
        }

        @Override
        public void eventReceived(Action action, SparkApplication resource) {
            if (resource.getStatus() != null && resource.getStatus().getApplicationState() != null) {
                states.add(resource.getStatus().getApplicationState());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // The run ends on its deadline if the watch stops early.
        }
    }
}
