package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.ModelForms;
import io.sparkgate.api.SparkLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one implementation of conflict-free pod edits, shared by every mutator (the app-driven ones and the admin
 * pod-defaults one), so the pod never ends up with two volumes, env vars, ports or containers of one name, nor two
 * mounts at one path. The rules, documented in docs/user-guide.md:
 * <ul>
 *   <li>an identical entry is never added twice;</li>
 *   <li>env: the new value replaces the pod's entry of that name in place (a warning names it);</li>
 *   <li>volumes, mounts, containers, init containers, ports: the pod's own entry wins (a warning names it),
 *       because replacing Spark's own entries (e.g. {@code spark-conf-volume-driver}) would break the driver;</li>
 *   <li>labels, annotations, node selector: the new value replaces the pod's, except for the labels Spark and the
 *       operator use to find the pod, which the pod keeps;</li>
 *   <li>a mount naming a volume the pod does not have is skipped with a warning, never sent to the API server.</li>
 * </ul>
 * Each method takes the {@code field} the entry came from (e.g. {@code spec.driver.configMaps[0]}) for the
 * warning. Warnings never carry env values, which may be secrets.
 */
public final class PodEdits {
    /** Spark's container names: driver, executor (Spark 3 and later), executor (Spark 2). */
    public static final List<String> SPARK_CONTAINER_NAMES =
            List.of("spark-kubernetes-driver", "spark-kubernetes-executor", "executor");

    /** Labels a mutator never changes: Spark and the operator find and account pods by them. */
    public static final Set<String> PROTECTED_LABELS = Set.of(SparkLabels.SPARK_ROLE, SparkLabels.SPARK_APP_SELECTOR,
            SparkLabels.SPARK_APP_NAME, SparkLabels.SPARK_VERSION, SparkLabels.SPARK_EXEC_ID,
            "spark-exec-resourceprofile-id", SparkLabels.APP_NAME, SparkLabels.SUBMISSION_ID,
            SparkLabels.LAUNCHED_BY_OPERATOR);

    private PodEdits() {
    }

    /** The Spark container: the first named as Spark names it, else the first container; empty if none. */
    public static Optional<Container> sparkContainer(Pod pod) {
        List<Container> containers = spec(pod).getContainers();
        for (Container c : containers) {
            if (c.getName() != null && SPARK_CONTAINER_NAMES.contains(c.getName())) { // List.of rejects null
                return Optional.of(c);
            }
        }
        return containers.isEmpty() ? Optional.empty() : Optional.of(containers.get(0));
    }

    /** The pod's spec, created when absent so edits always have somewhere to go. */
    public static PodSpec spec(Pod pod) {
        if (pod.getSpec() == null) {
            pod.setSpec(new PodSpec());
        }
        return pod.getSpec();
    }

    /** The pod's metadata, created when absent. */
    public static ObjectMeta metadata(Pod pod) {
        if (pod.getMetadata() == null) {
            pod.setMetadata(new ObjectMeta());
        }
        return pod.getMetadata();
    }

    /**
     * A deep copy of a model object, so nothing taken from a cached SparkApplication is ever shared with (and
     * later edited through) a pod. The copy is the one {@code Json.deepCopy} gives, made by {@link ModelForms}.
     */
    public static <T> T copy(T value) {
        return ModelForms.copy(value);
    }

    /**
     * Adds a volume unless the pod has one of that name; the pod's own entry wins.
     *
     * @return true when the pod now holds exactly this volume (added, or already identical)
     */
    public static boolean addVolume(MutationContext context, Pod pod, Volume volume, String field) {
        return addByName(context, spec(pod).getVolumes(), volume, Volume::getName, "volume", field);
    }

    /** Whether the pod has a volume of that name. */
    public static boolean hasVolume(Pod pod, String name) {
        return spec(pod).getVolumes().stream().anyMatch(v -> name.equals(v.getName()));
    }

    /**
     * Mounts a volume into the container unless a mount already uses that path (the pod's entry wins), and never
     * when the pod has no volume of that name (the API server would reject the pod).
     *
     * @return true when the container now holds exactly this mount
     */
    public static boolean addVolumeMount(MutationContext context, Pod pod, Container container, VolumeMount mount,
                                         String field) {
        if (!hasVolume(pod, mount.getName())) {
            context.warn(field + ": volume mount \"" + mount.getName() + "\" at " + mount.getMountPath()
                    + " names no volume of the pod: not mounted");
            return false;
        }
        for (VolumeMount existing : container.getVolumeMounts()) {
            if (Objects.equals(existing.getMountPath(), mount.getMountPath())) {
                if (equivalent(existing, mount)) {
                    return true;
                }
                context.warn(field + ": the container already mounts " + existing.getName() + " at "
                        + mount.getMountPath() + "; the pod's mount is kept");
                return false;
            }
        }
        container.getVolumeMounts().add(mount);
        return true;
    }

    /**
     * Adds a volume and its mount into the container, both or neither: nothing is added when the path is taken by
     * another mount or the pod holds a different volume of that name (the pod's entries win, with a warning).
     *
     * @return true when the container now mounts exactly this volume at the mount's path
     */
    public static boolean addVolumeWithMount(MutationContext context, Pod pod, Container container, Volume volume,
                                             VolumeMount mount, String field) {
        for (VolumeMount existing : container.getVolumeMounts()) {
            if (Objects.equals(existing.getMountPath(), mount.getMountPath()) && !equivalent(existing, mount)) {
                context.warn(field + ": the container already mounts " + existing.getName() + " at "
                        + mount.getMountPath() + "; the pod's mount is kept and volume " + volume.getName()
                        + " is not added");
                return false;
            }
        }
        return addVolume(context, pod, volume, field) && addVolumeMount(context, pod, container, mount, field);
    }

    /** Whether the container mounts something at that path. */
    public static boolean hasMountPath(Container container, String mountPath) {
        return container.getVolumeMounts().stream().anyMatch(m -> mountPath.equals(m.getMountPath()));
    }

    /**
     * Adds a port to the container unless it has one of that name, or (unnamed) of that number and protocol.
     *
     * @return true when the container now holds exactly this port
     */
    public static boolean addPort(MutationContext context, Container container, ContainerPort port, String field) {
        if (port.getProtocol() == null) {
            port.setProtocol("TCP"); // the API server's default, written out so a re-invocation matches it
        }
        String protocol = port.getProtocol();
        for (ContainerPort p : container.getPorts()) {
            boolean sameName = port.getName() != null && port.getName().equals(p.getName());
            boolean sameNumber = Objects.equals(port.getContainerPort(), p.getContainerPort())
                    && protocol.equals(p.getProtocol() == null ? "TCP" : p.getProtocol());
            // Spark leaves protocol out (TCP by default), so ports are compared with the default filled in.
            if (sameNumber && Objects.equals(port.getName(), p.getName())
                    && Objects.equals(port.getHostPort(), p.getHostPort())
                    && Objects.equals(port.getHostIP(), p.getHostIP())) {
                return true;
            }
            if (sameName || sameNumber) {
                context.warn(field + ": the container already has port " + describe(p)
                        + "; the pod's entry is kept and " + describe(port) + " is not added");
                return false;
            }
        }
        container.getPorts().add(port);
        return true;
    }

    /** Adds a container unless the pod has a container or init container of that name; the pod's wins. */
    public static boolean addContainer(MutationContext context, Pod pod, Container container, String field) {
        return addContainerTo(context, pod, spec(pod).getContainers(), container, field);
    }

    /** Adds an init container unless the pod has a container or init container of that name; the pod's wins. */
    public static boolean addInitContainer(MutationContext context, Pod pod, Container container, String field) {
        return addContainerTo(context, pod, spec(pod).getInitContainers(), container, field);
    }

    private static boolean addContainerTo(MutationContext context, Pod pod, List<Container> target,
                                          Container container, String field) {
        PodSpec spec = spec(pod);
        List<Container> other = target == spec.getContainers() ? spec.getInitContainers() : spec.getContainers();
        if (other.stream().anyMatch(c -> Objects.equals(c.getName(), container.getName()))) {
            context.warn(field + ": the pod already has a container named \"" + container.getName()
                    + "\"; the pod's entry is kept");
            return false;
        }
        return addByName(context, target, container, Container::getName, "container", field);
    }

    /**
     * Sets an env var: appended when new, replaced in place when the pod holds a different entry of that name (the
     * new value wins, e.g. {@code SPARK_CONF_DIR} over Spark's {@code /opt/spark/conf}). Later duplicates of the
     * name are removed so the container holds one.
     */
    public static void putEnv(MutationContext context, Container container, EnvVar env, String field) {
        List<EnvVar> envs = container.getEnv();
        int first = -1;
        for (int i = 0; i < envs.size(); i++) {
            if (Objects.equals(envs.get(i).getName(), env.getName())) {
                if (first < 0) {
                    first = i;
                } else {
                    envs.remove(i--);
                }
            }
        }
        if (first < 0) {
            envs.add(env);
        } else if (!equivalent(envs.get(first), env)) {
            envs.set(first, env);
            context.warn(field + ": replaces the pod's value of env " + env.getName());
        }
    }

    /** Adds an env source unless an identical one is present. */
    public static void addEnvFrom(Container container, EnvFromSource source) {
        if (!container.getEnvFrom().contains(source)) {
            container.getEnvFrom().add(source);
        }
    }

    /** Adds the tolerations the pod does not already hold. */
    public static void addTolerations(Pod pod, List<Toleration> tolerations) {
        List<Toleration> current = spec(pod).getTolerations();
        for (Toleration t : tolerations) {
            if (!current.contains(t)) {
                current.add(t);
            }
        }
    }

    /** Puts labels; the new value wins, except for {@link #PROTECTED_LABELS}, which the pod keeps. */
    public static void putLabels(MutationContext context, Pod pod, Map<String, String> labels, String field) {
        ObjectMeta meta = metadata(pod);
        Map<String, String> merged = orNew(meta.getLabels());
        putAll(context, merged, labels, PROTECTED_LABELS, "label", field);
        meta.setLabels(merged);
    }

    /** Puts annotations; the new value wins. */
    public static void putAnnotations(MutationContext context, Pod pod, Map<String, String> annotations,
                                      String field) {
        ObjectMeta meta = metadata(pod);
        Map<String, String> merged = orNew(meta.getAnnotations());
        putAll(context, merged, annotations, Set.of(), "annotation", field);
        meta.setAnnotations(merged);
    }

    /** Puts node-selector entries; the new value wins. */
    public static void putNodeSelector(MutationContext context, Pod pod, Map<String, String> selector, String field) {
        PodSpec spec = spec(pod);
        Map<String, String> merged = orNew(spec.getNodeSelector());
        putAll(context, merged, selector, Set.of(), "node selector", field);
        spec.setNodeSelector(merged);
    }

    /**
     * The value a single-valued setting ends with: {@code desired} when set, else {@code current}; a warning names
     * the field when a different value of the pod's is replaced.
     */
    public static <T> T replace(MutationContext context, T current, T desired, String field) {
        if (desired == null || equivalent(current, desired)) {
            return current == null ? desired : current;
        }
        if (current != null) {
            context.warn(field + ": replaces the pod's own value");
        }
        return desired;
    }

    private static <T> boolean addByName(MutationContext context, List<T> list, T entry, Function<T, String> key,
                                         String what, String field) {
        String id = key.apply(entry);
        for (T existing : list) {
            if (Objects.equals(key.apply(existing), id)) {
                if (equivalent(existing, entry)) {
                    return true;
                }
                context.warn(field + ": the pod already has a different " + what + " \"" + id
                        + "\"; the pod's entry is kept");
                return false;
            }
        }
        list.add(entry);
        return true;
    }

    /**
     * Whether the pod's entry already gives everything the wanted entry asks for: each field the wanted entry sets
     * (explicit defaults {@code false} and {@code ""} aside) is present with the same value. The pod's entry may
     * carry more, such as the fields the API server defaults ({@code defaultMode}, {@code terminationMessagePath}),
     * so a re-invoked webhook finds its own earlier edits satisfied and Spark's {@code readOnly: false} matches a
     * mount that leaves it out.
     */
    public static boolean equivalent(Object existing, Object wanted) {
        if (Objects.equals(existing, wanted)) {
            return true;
        }
        if (existing == null || wanted == null) {
            return false;
        }
        return covers(ModelForms.tree(existing), ModelForms.tree(wanted));
    }

    private static boolean covers(JsonNode have, JsonNode want) {
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            var fields = want.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                JsonNode v = e.getValue();
                boolean isDefault = v.isNull() || (v.isBoolean() && !v.booleanValue())
                        || (v.isTextual() && v.textValue().isEmpty());
                JsonNode h = have.get(e.getKey());
                if (h == null ? !isDefault : !covers(h, v)) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!covers(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return have.equals(want);
    }

    private static void putAll(MutationContext context, Map<String, String> target, Map<String, String> additions,
                               Set<String> protectedKeys, String what, String field) {
        additions.forEach((k, v) -> {
            String old = target.get(k);
            if (Objects.equals(old, v)) {
                return;
            }
            if (old != null && protectedKeys.contains(k)) {
                context.warn(field + ": " + what + " " + k + " is Spark's own and keeps the pod's value");
                return;
            }
            if (old != null) {
                context.warn(field + ": replaces the pod's " + what + " " + k);
            }
            target.put(k, v);
        });
    }

    private static Map<String, String> orNew(Map<String, String> map) {
        return map == null ? new LinkedHashMap<>() : map;
    }

    private static String describe(ContainerPort p) {
        return (p.getName() == null ? "" : p.getName() + " ") + p.getContainerPort() + "/"
                + (p.getProtocol() == null ? "TCP" : p.getProtocol());
    }
}
