package io.sparkgate.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod status through the {@code status} subresource as a kubelet does (phase, pod IP, the container's
 * waiting/running/terminated state with the real exit code), and Events for pods it cannot run.
 */
final class PodStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PodStatusWriter.class);
    private static final int ATTEMPTS = 5;
    private final KubernetesClient client;
    private final Clock clock;

    PodStatusWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Pending, the container waiting with {@code reason}. */
    void pending(Pod pod, String container, String reason) {
        write(pod, base("Pending").withContainerStatuses(new ContainerStatusBuilder().withName(container)
                .withReady(false).withRestartCount(0).withImage(image(pod, container))
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build())
                .build()).build());
    }

    /**
     * Running since now, and Ready: Spark's ExecutorPodsAllocator waits for the driver pod's Ready condition
     * ({@code spark.kubernetes.allocation.driver.readinessTimeout}) before it asks for executors.
     */
    void running(Pod pod, String container) {
        List<PodCondition> conditions = Stream.of("PodScheduled", "Initialized", "ContainersReady", "Ready")
                .map(type -> new PodConditionBuilder().withType(type).withStatus("True")
                        .withLastTransitionTime(now()).build()).toList();
        write(pod, base("Running").withStartTime(now()).withConditions(conditions).withContainerStatuses(new ContainerStatusBuilder()
                .withName(container).withReady(true).withStarted(true).withRestartCount(0)
                .withImage(image(pod, container))
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now()).endRunning().build())
                .build()).build());
    }

    /** Succeeded (exit 0) or Failed, with the process's exit code. */
    void terminated(Pod pod, String container, int exitCode, String message) {
        write(pod, base(exitCode == 0 ? "Succeeded" : "Failed").withContainerStatuses(new ContainerStatusBuilder()
                .withName(container).withReady(false).withRestartCount(0).withImage(image(pod, container))
                .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                        .withReason(exitCode == 0 ? "Completed" : "Error").withMessage(message)
                        .withFinishedAt(now()).endTerminated().build())
                .build()).build());
    }

    /** Failed before any process started, with a reason a person understands, and a Warning Event saying it. */
    void rejected(Pod pod, String container, String reason, String message) {
        write(pod, base("Failed").withReason(reason).withMessage(message).withContainerStatuses(
                new ContainerStatusBuilder().withName(container).withReady(false).withRestartCount(0)
                        .withImage(image(pod, container))
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason)
                                .withMessage(message).endWaiting().build()).build()).build());
        event(pod, reason, message);
    }

    private PodStatusBuilder base(String phase) {
        return new PodStatusBuilder().withPhase(phase).withPodIP(PodEnvironment.POD_IP)
                .withHostIP(PodEnvironment.POD_IP);
    }

    private void event(Pod pod, String reason, String message) {
        String ns = pod.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                    .withName(pod.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(ns).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1")
                            .withNamespace(ns).withName(pod.getMetadata().getName())
                            .withUid(pod.getMetadata().getUid()).build())
                    .withType("Warning").withReason(reason).withMessage(message)
                    .withNewSource().withComponent("kubelet").withHost("local-kubelet").endSource()
                    .withFirstTimestamp(now()).withLastTimestamp(now()).withCount(1).build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record an Event for pod {}/{}: {}", ns, pod.getMetadata().getName(), e.getMessage());
        }
    }

    private void write(Pod pod, PodStatus status) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            Pod current = client.pods().inNamespace(ns).withName(name).get();
            if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                return;
            }
            current.setStatus(status);
            try {
                client.pods().inNamespace(ns).resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    LOG.warn("could not write the status of pod {}/{}: {}", ns, name, e.getMessage());
                    return;
                }
            }
        }
    }

    private static String image(Pod pod, String container) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(container)).findFirst()
                .map(c -> c.getImage()).orElse("");
    }

    private String now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
