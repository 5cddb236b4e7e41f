package io.sparkgate.policy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.PodSecurityLevel;
import io.sparkgate.policy.rules.PodShape.ContainerShape;
import io.sparkgate.policy.rules.PodShape.Layer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controls of the Kubernetes Pod Security Standards as of Kubernetes v1.34
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), applied to a {@link PodShape}. Each
 * finding is {@code <field path>: <what is not allowed>}; the caller adds the level and the policy.
 *
 * <p>Baseline: HostProcess, host namespaces, privileged, capabilities beyond the baseline add list, hostPath
 * volumes, host ports, AppArmor, SELinux type/user/role, /proc mount type, seccomp {@code Unconfined}, sysctls
 * outside the safe set, a {@code host} in the httpGet/tcpSocket handlers of probes and lifecycle hooks (the
 * control v1.34 added). Restricted adds: volume types, allowPrivilegeEscalation false, runAsNonRoot true,
 * runAsUser not 0, seccomp RuntimeDefault/Localhost, capabilities drop ALL and add only NET_BIND_SERVICE (the
 * last three, with allowPrivilegeEscalation, not for pods whose {@code spec.os.name} is {@code windows}).
 */
public final class PodSecurityStandards {
    /** The version of the standard implemented, named in docs and messages. */
    public static final String VERSION = "Kubernetes v1.34";
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");
    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
    private static final Set<String> PROFILE_TYPES = Set.of("RuntimeDefault", "Localhost");

    private PodSecurityStandards() {
    }

    /** What the pod breaks of {@code level}; empty when it keeps it (always for {@code privileged}). */
    public static List<String> check(PodSecurityLevel level, PodShape pod) {
        List<String> out = new ArrayList<>();
        if (level.atLeast(PodSecurityLevel.BASELINE)) {
            baseline(pod, out);
        }
        if (level.atLeast(PodSecurityLevel.RESTRICTED)) {
            restricted(pod, out);
        }
        return out;
    }

    private static void baseline(PodShape pod, List<String> out) {
        for (Layer<Boolean> ns : pod.hostNamespaces()) {
            if (ns.value()) {
                out.add(ns.path() + ": sharing the host's namespaces is not allowed");
            }
        }
        for (Layer<PodSecurityContext> sc : pod.podContexts()) {
            PodSecurityContext c = sc.value();
            hostProcess(c.getWindowsOptions(), sc.path(), out);
            seLinux(c.getSeLinuxOptions(), sc.path(), out);
            appArmor(c.getAppArmorProfile(), sc.path(), out);
            seccompNotUnconfined(c.getSeccompProfile(), sc.path(), out);
            List<Sysctl> sysctls = c.getSysctls();
            for (int i = 0; sysctls != null && i < sysctls.size(); i++) {
                String name = sysctls.get(i).getName();
                if (!SAFE_SYSCTLS.contains(name)) {
                    out.add(sc.path() + ".sysctls[" + i + "].name: \"" + name + "\" is not a safe sysctl");
                }
            }
        }
        for (ContainerShape container : pod.containers()) {
            for (Layer<SecurityContext> sc : container.contexts()) {
                if (sc.value() != null) {
                    containerBaseline(sc.value(), sc.path(), out);
                }
            }
            for (Layer<ContainerPort> port : container.ports()) {
                Integer hostPort = port.value().getHostPort();
                if (hostPort != null && hostPort != 0) {
                    out.add(port.path() + ".hostPort: host ports are not allowed (" + hostPort + ")");
                }
            }
            for (Layer<String> host : container.handlerHosts()) {
                if (!host.value().isEmpty()) {
                    out.add(host.path() + ": probes and lifecycle hooks may not name a host (\"" + host.value()
                            + "\")");
                }
            }
        }
        for (Layer<Volume> v : pod.volumes()) {
            if (v.value().getHostPath() != null) {
                out.add(v.path() + ".hostPath: hostPath volumes are not allowed (" + v.value().getHostPath().getPath()
                        + ")");
            }
        }
        for (Layer<Map<String, String>> a : pod.annotations()) {
            a.value().forEach((key, value) -> {
                if (key.startsWith(APPARMOR_ANNOTATION) && !"runtime/default".equals(value)
                        && (value == null || !value.startsWith("localhost/"))) {
                    out.add(a.path() + "[\"" + key + "\"]: AppArmor profile \"" + value + "\" is not allowed");
                }
            });
        }
    }

    private static void containerBaseline(SecurityContext c, String path, List<String> out) {
        hostProcess(c.getWindowsOptions(), path, out);
        if (Boolean.TRUE.equals(c.getPrivileged())) {
            out.add(path + ".privileged: privileged containers are not allowed");
        }
        Capabilities caps = c.getCapabilities();
        if (caps != null && caps.getAdd() != null) {
            for (String cap : caps.getAdd()) {
                if (!BASELINE_CAPABILITIES.contains(cap)) {
                    out.add(path + ".capabilities.add: capability \"" + cap + "\" is not allowed");
                }
            }
        }
        seLinux(c.getSeLinuxOptions(), path, out);
        appArmor(c.getAppArmorProfile(), path, out);
        if (c.getProcMount() != null && !"Default".equals(c.getProcMount())) {
            out.add(path + ".procMount: \"" + c.getProcMount() + "\" is not allowed, only Default");
        }
        seccompNotUnconfined(c.getSeccompProfile(), path, out);
    }

    private static void hostProcess(WindowsSecurityContextOptions w, String path, List<String> out) {
        if (w != null && Boolean.TRUE.equals(w.getHostProcess())) {
            out.add(path + ".windowsOptions.hostProcess: HostProcess containers are not allowed");
        }
    }

    private static void seLinux(SELinuxOptions o, String path, List<String> out) {
        if (o == null) {
            return;
        }
        if (o.getType() != null && !o.getType().isEmpty() && !SELINUX_TYPES.contains(o.getType())) {
            out.add(path + ".seLinuxOptions.type: \"" + o.getType() + "\" is not one of container_t, "
                    + "container_init_t, container_kvm_t, container_engine_t");
        }
        if (o.getUser() != null && !o.getUser().isEmpty()) {
            out.add(path + ".seLinuxOptions.user: custom SELinux users are not allowed");
        }
        if (o.getRole() != null && !o.getRole().isEmpty()) {
            out.add(path + ".seLinuxOptions.role: custom SELinux roles are not allowed");
        }
    }

    private static void appArmor(AppArmorProfile p, String path, List<String> out) {
        if (p != null && p.getType() != null && !PROFILE_TYPES.contains(p.getType())) {
            out.add(path + ".appArmorProfile.type: \"" + p.getType() + "\" is not allowed, only RuntimeDefault or "
                    + "Localhost");
        }
    }

    private static void seccompNotUnconfined(SeccompProfile p, String path, List<String> out) {
        if (p != null && "Unconfined".equals(p.getType())) {
            out.add(path + ".seccompProfile.type: Unconfined is not allowed");
        }
    }

    private static void restricted(PodShape pod, List<String> out) {
        for (Layer<Volume> v : pod.volumes()) {
            JsonNode tree = Json.mapper().valueToTree(v.value());
            for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
                String type = it.next();
                if (!type.equals("name") && !type.equals("hostPath") && !RESTRICTED_VOLUMES.contains(type)) {
                    out.add(v.path() + "." + type + ": volume type " + type + " is not allowed");
                }
            }
        }
        // A securityContext replaces a lower-precedence one whole (the mutating webhook replaces the template's
        // with the typed field), so the required values are read from the first one set; explicit bad values are
        // refused in every one, as the template's take effect when the mutating webhook is skipped.
        for (Layer<PodSecurityContext> sc : pod.podContexts()) {
            nonRootAndUser(sc.value().getRunAsNonRoot(), sc.value().getRunAsUser(), sc.path(), out);
        }
        PodSecurityContext podSc = pod.podContexts().isEmpty() ? null : pod.podContexts().get(0).value();
        Boolean podNonRoot = podSc == null ? null : podSc.getRunAsNonRoot();
        String podSeccomp = podSc == null ? null : seccompType(podSc.getSeccompProfile());
        for (ContainerShape c : pod.containers()) {
            restrictedContainer(c, podNonRoot, podSeccomp, pod.windows(), out);
        }
    }

    private static void nonRootAndUser(Boolean runAsNonRoot, Long runAsUser, String path, List<String> out) {
        if (Boolean.FALSE.equals(runAsNonRoot)) {
            out.add(path + ".runAsNonRoot: must be true");
        }
        if (Long.valueOf(0).equals(runAsUser)) {
            out.add(path + ".runAsUser: running as user 0 (root) is not allowed");
        }
    }

    private static void restrictedContainer(ContainerShape c, Boolean podNonRoot, String podSeccomp,
                                            boolean windows, List<String> out) {
        List<Layer<SecurityContext>> scs = c.contexts().stream().filter(l -> l.value() != null).toList();
        for (Layer<SecurityContext> sc : scs) {
            nonRootAndUser(sc.value().getRunAsNonRoot(), sc.value().getRunAsUser(), sc.path(), out);
        }
        SecurityContext effective = scs.isEmpty() ? null : scs.get(0).value();
        if (effective == null || effective.getRunAsNonRoot() == null) {
            if (!Boolean.TRUE.equals(podNonRoot)) {
                out.add(c.path() + ".runAsNonRoot: must be true (here or in the pod's securityContext)");
            }
        }
        if (windows) {
            return;
        }
        if (effective == null || !Boolean.FALSE.equals(effective.getAllowPrivilegeEscalation())) {
            out.add(c.path() + ".allowPrivilegeEscalation: must be false");
        }
        String seccomp = effective == null ? null : seccompType(effective.getSeccompProfile());
        if (!confined(seccomp == null ? podSeccomp : seccomp)) {
            out.add(c.path() + ".seccompProfile.type: must be RuntimeDefault or Localhost (here or in the pod's "
                    + "securityContext)");
        }
        Capabilities caps = effective == null ? null : effective.getCapabilities();
        if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
            out.add(c.path() + ".capabilities.drop: must include ALL");
        }
        if (caps != null && caps.getAdd() != null) {
            for (String cap : caps.getAdd()) {
                // Capabilities outside the baseline list are already reported by the baseline control.
                if (!"NET_BIND_SERVICE".equals(cap) && BASELINE_CAPABILITIES.contains(cap)) {
                    out.add(c.path() + ".capabilities.add: only NET_BIND_SERVICE may be added, not \"" + cap + "\"");
                }
            }
        }
    }

    private static boolean confined(String seccompType) {
        return seccompType != null && PROFILE_TYPES.contains(seccompType);
    }

    private static String seccompType(SeccompProfile p) {
        return p == null ? null : p.getType();
    }
}
