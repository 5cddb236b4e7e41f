package io.sparkgate.policy.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of a pod the Pod Security Standards look at, each with the field path it was written at, read either
 * from a pod or from one role of a SparkApplication (whose typed fields and {@code template} both end up in the pod).
 *
 * @param podContexts    pod-level security contexts, in precedence order (a typed field before the template's)
 * @param hostNamespaces hostNetwork, hostPID and hostIPC values by path (null values left out)
 * @param containers     every container: main, sidecars, init and ephemeral containers
 * @param volumes        the volumes
 * @param annotations    annotation sets by the path of their map (AppArmor annotations live there)
 * @param windows        {@code spec.os.name} is {@code windows}: the Linux-only restricted controls do not apply
 */
public record PodShape(List<Layer<PodSecurityContext>> podContexts, List<Layer<Boolean>> hostNamespaces,
                       List<ContainerShape> containers, List<Layer<Volume>> volumes,
                       List<Layer<Map<String, String>>> annotations, boolean windows) {

    /** A value and the path of the field it was read from. */
    public record Layer<T>(String path, T value) {
    }

    /**
     * One container: its security contexts in precedence order (for the Spark main container, the typed
     * {@code securityContext} before the template's), its ports, and the {@code host} fields set in its probes'
     * and lifecycle hooks' {@code httpGet}/{@code tcpSocket} handlers (null ones left out).
     */
    public record ContainerShape(List<Layer<SecurityContext>> contexts, List<Layer<ContainerPort>> ports,
                                 List<Layer<String>> handlerHosts) {
        /** The path a missing setting is reported at: the container's first (highest-precedence) context. */
        public String path() {
            return contexts.get(0).path();
        }
    }

    /** The shape of a pod (or pod template) spec under {@code field} ({@code spec} for a pod). */
    public static PodShape of(ObjectMeta metadata, PodSpec spec, String field, String metadataField) {
        Builder b = new Builder();
        if (metadata != null && metadata.getAnnotations() != null) {
            b.annotations.add(new Layer<>(metadataField + ".annotations", metadata.getAnnotations()));
        }
        if (spec != null) {
            b.addPod(spec, field);
        }
        return b.build(spec != null && spec.getOs() != null && "windows".equals(spec.getOs().getName()));
    }

    /** The shape of the pods of one role of an app (or a schedule's template) under {@code field}. */
    public static PodShape of(SparkApplicationSpec spec, SparkRole role, String field) {
        SparkPodSpec pod = spec.role(role);
        String f = field + "." + role.label();
        Builder b = new Builder();
        PodTemplateSpec template = pod.template();
        PodSpec tspec = template == null ? null : template.getSpec();
        String t = f + ".template.spec";
        add(b.podContexts, f + ".podSecurityContext", pod.podSecurityContext());
        add(b.hostNamespaces, f + ".hostNetwork", pod.hostNetwork());
        b.annotations.add(new Layer<>(f + ".annotations", pod.annotations()));
        // The main container: the typed securityContext wins over the template's first container (Spark's default
        // when spark.kubernetes.<role>.podTemplateContainerName is unset).
        List<Layer<SecurityContext>> main = new ArrayList<>();
        add(main, f + ".securityContext", pod.securityContext());
        List<Container> templateContainers = tspec == null ? List.of() : tspec.getContainers();
        if (!templateContainers.isEmpty()) {
            add(main, t + ".containers[0].securityContext", templateContainers.get(0).getSecurityContext());
        }
        if (main.isEmpty()) {
            main.add(new Layer<>(f + ".securityContext", null));
        }
        Container first = templateContainers.isEmpty() ? null : templateContainers.get(0);
        b.containers.add(new ContainerShape(main, first == null ? List.of() : ports(first.getPorts(), t + ".containers[0]"),
                first == null ? List.of() : handlerHosts(t + ".containers[0]", first.getLivenessProbe(),
                        first.getReadinessProbe(), first.getStartupProbe(), first.getLifecycle())));
        b.addContainers(pod.sidecars(), f + ".sidecars");
        b.addContainers(pod.initContainers(), f + ".initContainers");
        if (template != null && template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            b.annotations.add(new Layer<>(f + ".template.metadata.annotations", template.getMetadata().getAnnotations()));
        }
        if (tspec != null) {
            add(b.podContexts, t + ".securityContext", tspec.getSecurityContext());
            b.addHostNamespaces(tspec, t);
            for (int i = 1; i < templateContainers.size(); i++) {
                b.addContainer(templateContainers.get(i), t + ".containers[" + i + "]");
            }
            b.addContainers(tspec.getInitContainers(), t + ".initContainers");
            b.addVolumes(tspec.getVolumes(), t + ".volumes");
        }
        // spec.volumes are added to both roles' pods by the operator wherever a volumeMount names them.
        b.addVolumes(spec.volumes(), field + ".volumes");
        return b.build(tspec != null && tspec.getOs() != null && "windows".equals(tspec.getOs().getName()));
    }

    private static <T> void add(List<Layer<T>> to, String path, T value) {
        if (value != null) {
            to.add(new Layer<>(path, value));
        }
    }

    private static List<Layer<ContainerPort>> ports(List<ContainerPort> ports, String field) {
        List<Layer<ContainerPort>> out = new ArrayList<>();
        for (int i = 0; ports != null && i < ports.size(); i++) {
            out.add(new Layer<>(field + ".ports[" + i + "]", ports.get(i)));
        }
        return out;
    }

    /** The {@code host} of every probe and lifecycle handler of one container, by path. */
    private static List<Layer<String>> handlerHosts(String container, Probe liveness, Probe readiness, Probe startup,
                                                    Lifecycle lifecycle) {
        List<Layer<String>> out = new ArrayList<>();
        if (liveness != null) {
            handler(out, container + ".livenessProbe", liveness.getHttpGet(), liveness.getTcpSocket());
        }
        if (readiness != null) {
            handler(out, container + ".readinessProbe", readiness.getHttpGet(), readiness.getTcpSocket());
        }
        if (startup != null) {
            handler(out, container + ".startupProbe", startup.getHttpGet(), startup.getTcpSocket());
        }
        if (lifecycle != null) {
            hook(out, container + ".lifecycle.postStart", lifecycle.getPostStart());
            hook(out, container + ".lifecycle.preStop", lifecycle.getPreStop());
        }
        return out;
    }

    private static void hook(List<Layer<String>> out, String path, LifecycleHandler hook) {
        if (hook != null) {
            handler(out, path, hook.getHttpGet(), hook.getTcpSocket());
        }
    }

    private static void handler(List<Layer<String>> out, String path, HTTPGetAction httpGet, TCPSocketAction tcp) {
        if (httpGet != null) {
            add(out, path + ".httpGet.host", httpGet.getHost());
        }
        if (tcp != null) {
            add(out, path + ".tcpSocket.host", tcp.getHost());
        }
    }

    private static final class Builder {
        final List<Layer<PodSecurityContext>> podContexts = new ArrayList<>();
        final List<Layer<Boolean>> hostNamespaces = new ArrayList<>();
        final List<ContainerShape> containers = new ArrayList<>();
        final List<Layer<Volume>> volumes = new ArrayList<>();
        final List<Layer<Map<String, String>>> annotations = new ArrayList<>();

        void addPod(PodSpec spec, String field) {
            add(podContexts, field + ".securityContext", spec.getSecurityContext());
            addHostNamespaces(spec, field);
            addContainers(spec.getContainers(), field + ".containers");
            addContainers(spec.getInitContainers(), field + ".initContainers");
            List<EphemeralContainer> ephemeral = spec.getEphemeralContainers();
            for (int i = 0; ephemeral != null && i < ephemeral.size(); i++) {
                EphemeralContainer c = ephemeral.get(i);
                String p = field + ".ephemeralContainers[" + i + "]";
                containers.add(new ContainerShape(List.of(new Layer<>(p + ".securityContext", c.getSecurityContext())),
                        ports(c.getPorts(), p), handlerHosts(p, c.getLivenessProbe(), c.getReadinessProbe(),
                        c.getStartupProbe(), c.getLifecycle())));
            }
            addVolumes(spec.getVolumes(), field + ".volumes");
        }

        void addHostNamespaces(PodSpec spec, String field) {
            add(hostNamespaces, field + ".hostNetwork", spec.getHostNetwork());
            add(hostNamespaces, field + ".hostPID", spec.getHostPID());
            add(hostNamespaces, field + ".hostIPC", spec.getHostIPC());
        }

        void addContainers(List<Container> list, String field) {
            for (int i = 0; list != null && i < list.size(); i++) {
                addContainer(list.get(i), field + "[" + i + "]");
            }
        }

        void addContainer(Container c, String path) {
            containers.add(new ContainerShape(List.of(new Layer<>(path + ".securityContext", c.getSecurityContext())),
                    ports(c.getPorts(), path), handlerHosts(path, c.getLivenessProbe(), c.getReadinessProbe(),
                    c.getStartupProbe(), c.getLifecycle())));
        }

        void addVolumes(List<Volume> list, String field) {
            for (int i = 0; list != null && i < list.size(); i++) {
                volumes.add(new Layer<>(field + "[" + i + "]", list.get(i)));
            }
        }

        PodShape build(boolean windows) {
            return new PodShape(List.copyOf(podContexts), List.copyOf(hostNamespaces), List.copyOf(containers),
                    List.copyOf(volumes), List.copyOf(annotations), windows);
        }
    }
}
