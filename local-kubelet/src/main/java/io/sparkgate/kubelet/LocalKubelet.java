package io.sparkgate.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkgate.testing.apiserver.PodLogSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet for the API emulation (issue 14): it watches every pod, treats each as bound to this machine, and runs
 * its Spark container as a local JVM the way the {@code apache/spark} image's entrypoint would (see
 * {@link SparkCommand}), with the pod's volumes, environment and names made real ({@link PodSetup},
 * {@link HostsFile}). It reports Pending, Running and the real exit code through the
 * status subresource, serves container logs to {@code pods/log}, and kills the process of a deleted pod. No
 * process outlives {@link #close()} or the JVM (a shutdown hook).
 */
public final class LocalKubelet implements PodLogSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);
    private static final List<String> SPARK_CONTAINERS = List.of("spark-kubernetes-driver", "spark-kubernetes-executor");
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final int FAILURE_LINES = 3;

    private final KubernetesClient client;
    private final KubeletOptions options;
    private final PodSetup setup;
    private final PodStatusWriter status;
    private final HostsFile hosts;
    private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
    // One thread per pod being set up: a pod waiting for its ConfigMap must not hold up the others.
    private final ExecutorService launcher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-kubelet");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::killAll, "local-kubelet-shutdown");
    private volatile SharedIndexInformer<Pod> informer;
    private volatile boolean closed;

    private LocalKubelet(KubernetesClient client, KubeletOptions options) {
        this.client = client;
        this.options = options;
        this.setup = new PodSetup(new PodFilesystem(client, options.image(), options.hostPathSandbox(),
                options.rootDir().resolve("claims"), options.rootDir().resolve("image")), new PodEnvironment(client),
                options.waitForObjects());
        this.status = new PodStatusWriter(client, options.clock());
        this.hosts = new HostsFile(client, options.rootDir().resolve("hosts"));
    }

    /** Starts watching pods through {@code client}; the caller closes the kubelet (the client stays open). */
    public static LocalKubelet start(KubernetesClient client, KubeletOptions options) {
        LocalKubelet kubelet = new LocalKubelet(client, options);
        try {
            Files.createDirectories(options.rootDir());
            PodFilesystem.prepareImage(options.image(), options.rootDir().resolve("image"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(kubelet.shutdownHook);
        kubelet.informer = client.pods().inAnyNamespace().inform(kubelet.new Handler(), 0);
        return kubelet;
    }

    /** The processes of pods still running. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> alive = new ArrayList<>();
        runs.values().forEach(r -> {
            Process p = r.process();
            if (p != null && p.isAlive()) {
                alive.add(p.toHandle());
            }
        });
        return alive;
    }

    /** The process of a pod's Spark container while it runs, e.g. for a test that kills it as an OOM would. */
    public Optional<ProcessHandle> process(String namespace, String pod) {
        PodRun run = runs.get(key(namespace, pod));
        Process p = run == null ? null : run.process();
        return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
    }

    @Override
    public Optional<ContainerLog> find(String namespace, String pod, String container) {
        PodRun run = runs.get(key(namespace, pod));
        if (run == null || container != null && !container.equals(run.container())) {
            return Optional.empty();
        }
        return Optional.of(new ContainerLog(run.logFile(), run::running));
    }

    /** Stops watching and kills every process, waiting for them to be gone. */
    @Override
    public void close() {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        killAll();
        launcher.shutdownNow();
        try {
            launcher.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            for (PodRun run : runs.values()) {
                run.awaitGone(STOP_WAIT);
            }
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            PodFilesystem.removeImage(options.rootDir().resolve("image"));
        } catch (IOException e) {
            LOG.warn("could not remove the image links under {}: {}", options.rootDir(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // The JVM is shutting down already: the hook runs anyway.
        }
    }

    private void killAll() {
        runs.values().forEach(PodRun::kill);
    }

    private void accept(Pod pod) {
        if (closed || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        PodRun known = runs.get(key);
        if (known != null && known.uid().equals(pod.getMetadata().getUid())
                || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        if (known != null) {
            known.kill();
        }
        Container container = sparkContainer(pod);
        Path podDir = options.rootDir().resolve(pod.getMetadata().getNamespace())
                .resolve(pod.getMetadata().getName() + "-" + pod.getMetadata().getUid());
        PodRun run = new PodRun(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid(), container.getName(), podDir.resolve("logs")
                .resolve(container.getName() + ".log"));
        runs.put(key, run);
        launcher.execute(() -> launch(pod, container, podDir, run));
    }

    private void launch(Pod pod, Container container, Path podDir, PodRun run) {
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        try {
            status.pending(pod, container.getName(), "ContainerCreating");
            Optional<PodSetup.Prepared> prepared = setup.prepare(pod, container, podDir, run::killed);
            if (prepared.isEmpty()) {
                return;
            }
            PathMap paths = prepared.get().paths();
            Map<String, String> env = prepared.get().env();
            hosts.refresh();
            SparkCommand spark = SparkCommand.build(args(container), env, paths, options.image(),
                    new SparkCommand.Network(options.apiServer(), hosts.path(), freePorts(3)), podDir);
            Files.createDirectories(run.logFile().getParent());
            Files.createDirectories(podDir.resolve("kubelet"));
            Files.write(podDir.resolve("kubelet").resolve("command.txt"), spark.command(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(spark.command()).directory(spark.workDir().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(run.logFile().toFile()));
            builder.environment().clear();
            builder.environment().putAll(spark.environment());
            Process process = builder.start();
            if (!run.started(process)) {
                return;
            }
            LOG.info("pod {}: started {} (pid {})", name, spark.command().contains(SparkCommand.DRIVER_MAIN)
                    ? SparkCommand.DRIVER_MAIN : SparkCommand.EXECUTOR_MAIN, process.pid());
            status.running(pod, container.getName());
            process.onExit().thenAccept(p -> {
                if (!run.killed()) {
                    int code = p.exitValue();
                    LOG.info("pod {}: container {} exited {}", name, container.getName(), code);
                    status.terminated(pod, container.getName(), code, code == 0 ? null : lastLines(run.logFile()));
                }
            });
        } catch (PodRejected e) {
            LOG.warn("pod {}: {} ({})", name, e.getMessage(), e.reason());
            status.rejected(pod, container.getName(), e.reason(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("pod {}: the local kubelet could not start it", name, e);
            status.rejected(pod, container.getName(), "KubeletError", "the local kubelet could not start the "
                    + "container: " + e.getMessage());
        }
    }

    /** The container Spark runs in: named as Spark names it, else the pod's first. */
    private static Container sparkContainer(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.stream().filter(c -> SPARK_CONTAINERS.contains(c.getName())).findFirst()
                .orElse(containers.get(0));
    }

    /** What the entrypoint receives: the container's command (if any) followed by its args. */
    private static List<String> args(Container container) {
        List<String> all = new ArrayList<>(container.getCommand());
        all.addAll(container.getArgs());
        return all;
    }

    private void delete(Pod pod) {
        String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        PodRun run = runs.get(key);
        if (run != null && run.uid().equals(pod.getMetadata().getUid())) {
            LOG.info("pod {} deleted: stopping its container", key);
            run.kill();
        }
    }

    private static String lastLines(Path log) {
        try {
            // As FallbackToLogsOnError: the end of the log, without the frames of a stack trace.
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("\tat ") && !l.startsWith("\t...")).toList();
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - FAILURE_LINES), lines.size()));
            return tail.length() > 1024 ? tail.substring(tail.length() - 1024) : tail;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Pod events from the informer. */
    private final class Handler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            accept(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            if (newPod.getMetadata().getDeletionTimestamp() != null) {
                delete(newPod);
            } else {
                accept(newPod);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            delete(pod);
        }
    }
}
