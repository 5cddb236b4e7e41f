package io.sparkgate.policy.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.Json;
import io.sparkgate.api.ModelForms;
import io.sparkgate.api.policy.DefaultMode;
import io.sparkgate.api.policy.PodDefaults;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.PodEdits;
import io.sparkgate.mutators.PodMutator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies the pod defaults of the SparkPolicies selecting the pod's namespace, after the SparkApplication's own
 * mutations: policies in name order, each policy's blocks in list order, fields in the order of
 * {@link PodDefaults}. A {@code default} fills only what the pod leaves unset (a map key, a list entry of that
 * identity, a scalar, a security-context field); an {@code enforce} always wins and warns naming what it
 * replaced (never an env value). Idempotent: a second run finds everything in place.
 */
public final class AdminDefaultsMutator implements PodMutator {
    /** The stable name of this mutator. */
    public static final String NAME = "admin-defaults";

    private final List<SparkPolicy> policies;

    /** A mutator applying the pod defaults of these policies, in the order given (name order from the index). */
    public AdminDefaultsMutator(List<SparkPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void mutate(MutationContext context, Pod pod) {
        for (SparkPolicy policy : policies) {
            List<PodDefaults> blocks = policy.getSpec().podDefaults();
            for (int i = 0; i < blocks.size(); i++) {
                PodDefaults d = blocks.get(i);
                if (d.applyTo().selects(context.role())) {
                    apply(context, pod, d, "SparkPolicy " + policy.name() + " podDefaults[" + i + "]");
                }
            }
        }
    }

    private static void apply(MutationContext ctx, Pod pod, PodDefaults d, String field) {
        boolean enforce = d.mode() == DefaultMode.ENFORCE;
        PodSpec spec = PodEdits.spec(pod);
        Map<String, String> labels = PodEdits.metadata(pod).getLabels();
        PodEdits.putLabels(ctx, pod, enforce ? d.labels() : absent(d.labels(), labels), field + ".labels");
        PodEdits.putAnnotations(ctx, pod, enforce ? d.annotations()
                : absent(d.annotations(), PodEdits.metadata(pod).getAnnotations()), field + ".annotations");
        PodEdits.putNodeSelector(ctx, pod, enforce ? d.nodeSelector()
                : absent(d.nodeSelector(), spec.getNodeSelector()), field + ".nodeSelector");
        tolerations(ctx, spec, d.tolerations(), enforce, field + ".tolerations");
        affinity(ctx, spec, d.affinity(), enforce, field + ".affinity");
        if (d.priorityClassName() != null
                && !Objects.equals(spec.getPriorityClassName(), d.priorityClassName())
                && (enforce || spec.getPriorityClassName() == null)) {
            spec.setPriorityClassName(PodEdits.replace(ctx, spec.getPriorityClassName(), d.priorityClassName(),
                    field + ".priorityClassName"));
            // The API server's Priority admission refuses a pod whose priority disagrees with its class.
            spec.setPriority(null);
            spec.setPreemptionPolicy(null);
        }
        if (d.schedulerName() != null && (enforce || spec.getSchedulerName() == null)) {
            spec.setSchedulerName(PodEdits.replace(ctx, spec.getSchedulerName(), d.schedulerName(),
                    field + ".schedulerName"));
        }
        if (d.securityContext() != null) {
            spec.setSecurityContext(merge(ctx, spec.getSecurityContext(), d.securityContext(), enforce,
                    field + ".securityContext"));
        }
        if (d.containerSecurityContext() != null) {
            List<Container> all = new ArrayList<>(spec.getContainers());
            all.addAll(spec.getInitContainers());
            for (Container c : all) {
                c.setSecurityContext(merge(ctx, c.getSecurityContext(), d.containerSecurityContext(), enforce,
                        field + ".containerSecurityContext (container " + c.getName() + ")"));
            }
        }
        for (String secret : d.imagePullSecrets()) {
            if (spec.getImagePullSecrets().stream().noneMatch(r -> secret.equals(r.getName()))) {
                spec.getImagePullSecrets().add(new LocalObjectReference(secret));
            }
        }
        volumes(ctx, pod, d, enforce, field);
        env(ctx, pod, d.env(), enforce, field + ".env");
    }

    private static Map<String, String> absent(Map<String, String> wanted, Map<String, String> present) {
        Map<String, String> out = new HashMap<>(wanted);
        if (present != null) {
            out.keySet().removeAll(present.keySet());
        }
        return out;
    }

    /** Tolerations by identity (key + effect): a default adds missing ones, an enforce replaces same-identity ones. */
    private static void tolerations(MutationContext ctx, PodSpec spec, List<Toleration> wanted, boolean enforce,
                                    String field) {
        Function<Toleration, String> id = t -> t.getKey() + "|" + t.getEffect();
        for (Toleration t : wanted) {
            Optional<Toleration> same = spec.getTolerations().stream().filter(x -> id.apply(x).equals(id.apply(t)))
                    .findFirst();
            if (same.isEmpty()) {
                spec.getTolerations().add(PodEdits.copy(t));
            } else if (enforce && !PodEdits.equivalent(same.get(), t)) {
                ctx.warn(field + ": replaces the pod's toleration " + t.getKey());
                spec.getTolerations().set(spec.getTolerations().indexOf(same.get()), PodEdits.copy(t));
            }
        }
    }

    /** Affinity by its three parts, each set when absent (default) or replaced (enforce). */
    private static void affinity(MutationContext ctx, PodSpec spec, Affinity wanted, boolean enforce, String field) {
        if (wanted == null) {
            return;
        }
        Affinity a = spec.getAffinity() == null ? new Affinity() : spec.getAffinity();
        if (wanted.getNodeAffinity() != null && (enforce || a.getNodeAffinity() == null)) {
            a.setNodeAffinity(PodEdits.replace(ctx, a.getNodeAffinity(), PodEdits.copy(wanted.getNodeAffinity()),
                    field + ".nodeAffinity"));
        }
        if (wanted.getPodAffinity() != null && (enforce || a.getPodAffinity() == null)) {
            a.setPodAffinity(PodEdits.replace(ctx, a.getPodAffinity(), PodEdits.copy(wanted.getPodAffinity()),
                    field + ".podAffinity"));
        }
        if (wanted.getPodAntiAffinity() != null && (enforce || a.getPodAntiAffinity() == null)) {
            a.setPodAntiAffinity(PodEdits.replace(ctx, a.getPodAntiAffinity(),
                    PodEdits.copy(wanted.getPodAntiAffinity()), field + ".podAntiAffinity"));
        }
        spec.setAffinity(a);
    }

    /** A security context merged field by field through its JSON form. */
    @SuppressWarnings("unchecked")
    private static <T> T merge(MutationContext ctx, T current, T wanted, boolean enforce, String field) {
        ObjectNode have = current == null ? Json.mapper().createObjectNode() : (ObjectNode) ModelForms.tree(current);
        ObjectNode want = (ObjectNode) ModelForms.tree(wanted);
        List<String> replaced = new ArrayList<>();
        want.fields().forEachRemaining(e -> {
            if (!have.has(e.getKey())) {
                have.set(e.getKey(), e.getValue());
            } else if (enforce && !have.get(e.getKey()).equals(e.getValue())) {
                replaced.add(e.getKey());
                have.set(e.getKey(), e.getValue());
            }
        });
        if (!replaced.isEmpty()) {
            ctx.warn(field + ": replaces the pod's " + String.join(", ", replaced));
        }
        return (T) Json.mapper().convertValue(have, wanted.getClass());
    }

    private static void volumes(MutationContext ctx, Pod pod, PodDefaults d, boolean enforce, String field) {
        PodSpec spec = PodEdits.spec(pod);
        for (Volume v : d.volumes()) {
            Optional<Volume> same = spec.getVolumes().stream().filter(x -> v.getName().equals(x.getName())).findFirst();
            if (enforce && same.isPresent() && !PodEdits.equivalent(same.get(), v)) {
                ctx.warn(field + ".volumes: replaces the pod's volume " + v.getName());
                spec.getVolumes().set(spec.getVolumes().indexOf(same.get()), PodEdits.copy(v));
            } else {
                PodEdits.addVolume(ctx, pod, PodEdits.copy(v), field + ".volumes");
            }
        }
        if (d.volumeMounts().isEmpty()) {
            return;
        }
        Optional<Container> spark = PodEdits.sparkContainer(pod);
        if (spark.isEmpty()) {
            ctx.warn(field + ".volumeMounts: the pod has no container to mount into");
            return;
        }
        for (VolumeMount m : d.volumeMounts()) {
            Container c = spark.get();
            Optional<VolumeMount> same = c.getVolumeMounts().stream()
                    .filter(x -> Objects.equals(x.getMountPath(), m.getMountPath())).findFirst();
            if (enforce && same.isPresent() && !PodEdits.equivalent(same.get(), m)
                    && PodEdits.hasVolume(pod, m.getName())) {
                ctx.warn(field + ".volumeMounts: replaces the pod's mount at " + m.getMountPath());
                c.getVolumeMounts().remove(same.get());
            }
            PodEdits.addVolumeMount(ctx, pod, c, PodEdits.copy(m), field + ".volumeMounts");
        }
    }

    private static void env(MutationContext ctx, Pod pod, List<EnvVar> env, boolean enforce, String field) {
        if (env.isEmpty()) {
            return;
        }
        Optional<Container> spark = PodEdits.sparkContainer(pod);
        if (spark.isEmpty()) {
            ctx.warn(field + ": the pod has no container to set env in");
            return;
        }
        for (EnvVar e : env) {
            boolean present = spark.get().getEnv().stream().anyMatch(x -> e.getName().equals(x.getName()));
            if (enforce || !present) {
                PodEdits.putEnv(ctx, spark.get(), PodEdits.copy(e), field);
            }
        }
    }
}
