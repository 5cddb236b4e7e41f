package io.sparkgate.webhook.cluster;

import io.sparkgate.informers.CacheBookkeeping;
import io.sparkgate.informers.EmptyCollections;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.util.List;
import java.util.Map;

/**
 * What the webhook's informer caches keep of each object (issue 20): only what mutation, quota and lifecycle read,
 * built once per informer event. A Spark pod keeps its identity, labels (as an immutable map), container resources
 * and phase; a SparkApplication keeps its spec and its state but loses managedFields, kubectl's last-applied copy of
 * itself and the rest of its status (driver info, attempts, the per-executor history), which grow with every write
 * and which no admission reads. The strings come interned from the client ({@code InterningSerialization}) and
 * the empty collections are shared ({@link EmptyCollections}).
 */
final class CacheProjection {
    /** The annotation {@code kubectl apply} writes: the whole object once more, as JSON. */
    static final String LAST_APPLIED = CacheBookkeeping.LAST_APPLIED;

    private CacheProjection() {
    }

    /** The parts of a Spark pod that quota accounting and the informer itself read. */
    static Pod pod(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        PodBuilder out = new PodBuilder().withNewMetadata()
                .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion())
                .withDeletionTimestamp(meta.getDeletionTimestamp())
                .endMetadata();
        if (pod.getSpec() != null) {
            out.withNewSpec().withContainers(resourcesOnly(pod.getSpec().getContainers()))
                    .withInitContainers(resourcesOnly(pod.getSpec().getInitContainers()))
                    .withOverhead(pod.getSpec().getOverhead()).endSpec();
        }
        if (pod.getStatus() != null) {
            out.withNewStatus().withPhase(pod.getStatus().getPhase()).endStatus();
        }
        Pod projected = out.build();
        // An immutable copy: a third of a LinkedHashMap's size, and nothing edits a cached pod's labels.
        projected.getMetadata().setLabels(meta.getLabels() == null ? null : Map.copyOf(meta.getLabels()));
        return EmptyCollections.shareEmpties(projected);
    }

    /**
     * The SparkApplication without what no decision reads; changed in place, since the informer hands each event's
     * object to the store first and the webhook's handlers read only its metadata.
     */
    static SparkApplication app(SparkApplication app) {
        CacheBookkeeping.strip(app.getMetadata());
        if (app.getStatus() != null && app.getStatus().getApplicationState() != null) {
            // Tenant usage reads the state alone (a finished app holds no quota); driver info, attempts and the
            // per-executor history are the operator's.
            SparkApplicationStatus state = new SparkApplicationStatus();
            state.setApplicationState(app.getStatus().getApplicationState());
            app.setStatus(state);
        } else {
            app.setStatus(null);
        }
        return EmptyCollections.shareEmpties(app);
    }

    private static List<Container> resourcesOnly(List<Container> containers) {
        return containers == null ? List.of() : containers.stream()
                .map(c -> new ContainerBuilder().withName(c.getName()).withResources(c.getResources()).build())
                .toList();
    }
}
