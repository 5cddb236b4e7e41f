package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.List;

/**
 * The role's {@code sidecars} and {@code initContainers}. Container names are unique across both lists of a
 * pod; a name the pod already uses keeps the pod's container. A container without a valid name or an image is
 * skipped with a warning.
 */
public final class ContainersMutator extends AppMutator {

    @Override
    public String name() {
        return "sidecars";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        if (PodEdits.spec(pod).getContainers().isEmpty()) {
            // A pod without containers is invalid (the API server says spec.containers: Required value); a sidecar
            // must not make it a valid pod that runs only the sidecar.
            if (!role.initContainers().isEmpty() || !role.sidecars().isEmpty()) {
                context.warn(roleField + ".sidecars: the pod has no container to run them beside: not added");
            }
            return;
        }
        add(context, pod, role.initContainers(), roleField + ".initContainers", true);
        add(context, pod, role.sidecars(), roleField + ".sidecars", false);
    }

    private static void add(MutationContext context, Pod pod, List<Container> containers, String listField,
                            boolean init) {
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String field = listField + "[" + i + "]";
            if (!DnsNames.isLabel(c.getName()) || c.getImage() == null || c.getImage().isBlank()) {
                context.warn(field + ": a container needs a DNS-label name and an image: skipped");
                continue;
            }
            if (init) {
                PodEdits.addInitContainer(context, pod, PodEdits.copy(c), field);
            } else {
                PodEdits.addContainer(context, pod, PodEdits.copy(c), field);
            }
        }
    }
}
