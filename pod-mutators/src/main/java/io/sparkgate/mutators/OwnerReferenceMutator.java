package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the driver pod a controlled dependent of its SparkApplication, so deleting the app deletes the driver
 * and, through Spark's own owner references, its executors, ConfigMaps and Services.
 */
public final class OwnerReferenceMutator implements PodMutator {

    @Override
    public String name() {
        return "owner-reference";
    }

    @Override
    public void mutate(MutationContext context, Pod pod) {
        if (context.role() != SparkRole.DRIVER || context.app().isEmpty()) {
            return;
        }
        SparkApplication app = context.app().get();
        String uid = app.getMetadata().getUid();
        if (uid == null || uid.isEmpty()) {
            context.warn("SparkApplication " + app.getMetadata().getName()
                    + " has no uid yet: the driver gets no ownerReference");
            return;
        }
        ObjectMeta meta = PodEdits.metadata(pod);
        List<OwnerReference> refs = meta.getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(meta.getOwnerReferences());
        if (refs.stream().anyMatch(r -> uid.equals(r.getUid()))) {
            return;
        }
        // The API server refuses a second controller reference (metadata.ownerReferences: only one controller).
        boolean hasController = refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()));
        refs.add(new OwnerReferenceBuilder()
                .withApiVersion(SparkApplication.API_VERSION)
                .withKind("SparkApplication")
                .withName(app.getMetadata().getName())
                .withUid(uid)
                .withController(hasController ? null : Boolean.TRUE)
                .withBlockOwnerDeletion(true)
                .build());
        if (hasController) {
            context.warn("driver pod already has a controller: the SparkApplication is added as a plain owner");
        }
        meta.setOwnerReferences(refs);
    }
}
