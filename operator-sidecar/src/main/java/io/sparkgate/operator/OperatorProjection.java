package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.informers.CacheBookkeeping;
import io.sparkgate.informers.EmptyCollections;
import java.util.List;
import java.util.Map;

/**
 * What the operator's informer caches keep of each object (issue 20), built once per informer event. A Spark pod
 * keeps what the state machine, the pod index and adoption read: its identity, labels, owner references,
 * timestamps, and its phase, reason, message and container states; not its spec, which the operator never reads
 * back. A SparkApplication keeps everything but managedFields and kubectl's last-applied copy of itself. Both share
 * the immutable empty collections ({@link EmptyCollections}); the operator never edits a cached object (status
 * writes start from copies).
 */
final class OperatorProjection {

    private OperatorProjection() {
    }

    /** The parts of a Spark pod the operator reads. */
    static Pod pod(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        PodBuilder out = new PodBuilder().withNewMetadata()
                .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion()).withOwnerReferences(meta.getOwnerReferences())
                .withCreationTimestamp(meta.getCreationTimestamp()).withDeletionTimestamp(meta.getDeletionTimestamp())
                .endMetadata();
        if (pod.getStatus() != null) {
            out.withNewStatus().withPhase(pod.getStatus().getPhase()).withReason(pod.getStatus().getReason())
                    .withMessage(pod.getStatus().getMessage())
                    .withContainerStatuses(states(pod.getStatus().getContainerStatuses())).endStatus();
        }
        Pod projected = out.build();
        projected.getMetadata().setLabels(meta.getLabels() == null ? null : Map.copyOf(meta.getLabels()));
        return EmptyCollections.shareEmpties(projected);
    }

    /** The SparkApplication without managedFields and the last-applied annotation; changed in place. */
    static SparkApplication app(SparkApplication app) {
        CacheBookkeeping.strip(app.getMetadata());
        return EmptyCollections.shareEmpties(app);
    }

    private static List<ContainerStatus> states(List<ContainerStatus> statuses) {
        return statuses == null ? List.of() : statuses.stream()
                .map(s -> new ContainerStatusBuilder().withName(s.getName()).withState(s.getState()).build())
                .toList();
    }
}
