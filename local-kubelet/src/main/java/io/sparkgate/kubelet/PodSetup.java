package io.sparkgate.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's files and environment before its process starts, waiting while an object it needs is missing, as a
 * kubelet keeps a pod ContainerCreating until its ConfigMap exists (the launcher and Spark create a pod's
 * ConfigMap right after the pod).
 */
final class PodSetup {
    private static final Logger LOG = LoggerFactory.getLogger(PodSetup.class);
    private static final Duration RETRY = Duration.ofMillis(200);
    private final PodFilesystem filesystem;
    private final PodEnvironment environment;
    private final Duration wait;

    PodSetup(PodFilesystem filesystem, PodEnvironment environment, Duration wait) {
        this.filesystem = filesystem;
        this.environment = environment;
        this.wait = wait;
    }

    /**
     * A pod's mounts and resolved environment.
     *
     * @param paths how its container paths map to this machine
     * @param env   its container's environment
     */
    record Prepared(PathMap paths, Map<String, String> env) {
    }

    /**
     * Mounts the volumes and resolves the environment; empty when {@code gone} turned true (the pod was deleted)
     * while it waited.
     *
     * @throws PodRejected what cannot be mounted or resolved, or what was still missing after the wait
     */
    Optional<Prepared> prepare(Pod pod, Container container, Path podDir, BooleanSupplier gone)
            throws PodRejected, IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        String waitingFor = null;
        while (true) {
            try {
                return Optional.of(new Prepared(filesystem.create(pod, container, podDir),
                        environment.resolve(pod, container)));
            } catch (PodRejected e) {
                if (!e.retriable() || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!e.getMessage().equals(waitingFor)) {
                    waitingFor = e.getMessage();
                    LOG.info("pod {}/{}: waiting: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                            waitingFor);
                }
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (gone.getAsBoolean()) {
                return Optional.empty();
            }
        }
    }
}
