package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.testing.ExecutorReplay;
import java.util.List;
import java.util.Optional;

/**
 * Plays the parts of a cluster that the emulation has no process for: the kubelet, which moves pods through their
 * phases and reports the container's exit, and Spark's driver, which asks for executor pods once it runs. Pod
 * status is written through the API server's {@code status} subresource, as the kubelet writes it.
 */
final class Kubelet {
    /** Spark's driver container name: the operator reads its termination (see PodStates in operator-sidecar). */
    static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
    private static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";

    private final KubernetesClient client;

    Kubelet(KubernetesClient client) {
        this.client = client;
    }

    /** The app's driver pod, if the operator created it. */
    Optional<Pod> driver(String namespace, String app) {
        return pods(namespace, app, "driver").stream().findFirst();
    }

    /** The app's executor pods. */
    List<Pod> executors(String namespace, String app) {
        return pods(namespace, app, "executor");
    }

    /** The pod's phase, or "" before the kubelet reported one. */
    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** Reports a phase; Succeeded and Failed also report the Spark container's termination. */
    void setPhase(Pod pod, String phase) {
        String container = "driver".equals(pod.getMetadata().getLabels().get(SparkLabels.SPARK_ROLE))
                ? DRIVER_CONTAINER : EXECUTOR_CONTAINER;
        PodStatusBuilder status = new PodStatusBuilder().withPhase(phase).withPodIP("127.0.0.1");
        boolean ended = "Succeeded".equals(phase) || "Failed".equals(phase);
        var containerStatus = new ContainerStatusBuilder().withName(container).withReady(!ended && "Running".equals(phase))
                .withNewState();
        if (ended) {
            containerStatus.withNewTerminated().withExitCode("Succeeded".equals(phase) ? 0 : 1)
                    .withReason("Succeeded".equals(phase) ? "Completed" : "Error").endTerminated();
        } else if ("Running".equals(phase)) {
            containerStatus.withNewRunning().endRunning();
        } else {
            containerStatus.withNewWaiting().withReason("ContainerCreating").endWaiting();
        }
        writeStatus(pod, status.withContainerStatuses(containerStatus.endState().build()).build());
    }

    /**
     * Creates the executors the way Spark's in-driver scheduler does (from the objects a real Spark 4.1.1 driver
     * sent), through admission; returns what the API server stored.
     */
    List<HasMetadata> createExecutors(Pod driver) {
        String namespace = driver.getMetadata().getNamespace();
        return ExecutorReplay.objectsFor(driver, DevResources.executorObjects()).stream()
                .<HasMetadata>map(o -> client.resource(o).inNamespace(namespace).create())
                .toList();
    }

    private void writeStatus(Pod pod, PodStatus status) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            Pod current = client.pods().inNamespace(ns).withName(name).get();
            if (current == null) {
                return;
            }
            current.setStatus(status);
            try {
                client.pods().inNamespace(ns).resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private List<Pod> pods(String namespace, String app, String role) {
        return client.pods().inNamespace(namespace).withLabel(SparkLabels.APP_NAME, app)
                .withLabel(SparkLabels.SPARK_ROLE, role).list().getItems();
    }
}
