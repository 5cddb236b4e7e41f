package io.sparkgate.testing.apiserver;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where the emulation finds container logs for {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: the emulation
 * runs no containers, so whoever does (issue 14's local kubelet) registers one with
 * {@link ApiEmulation#podLogs(PodLogSource)}. Keeps the emulation free of any knowledge of what runs in a pod.
 */
@FunctionalInterface
public interface PodLogSource {

    /**
     * The log of one container.
     *
     * @param namespace the pod's namespace
     * @param pod       the pod's name
     * @param container the container asked for, or null for the pod's only (or first) container
     * @return the log, or empty when this source ran no such container
     */
    Optional<ContainerLog> find(String namespace, String pod, String container);

    /**
     * A container's log file, appended to while the container runs.
     *
     * @param file    the file holding everything the container wrote to stdout and stderr
     * @param running whether the container may still write (a {@code follow=true} read ends once it is false)
     */
    record ContainerLog(Path file, BooleanSupplier running) {
    }
}
