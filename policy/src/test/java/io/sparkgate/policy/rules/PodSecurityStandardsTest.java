package io.sparkgate.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.PodSecurityLevel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every control of the Pod Security Standards (Kubernetes v1.34) on a pod, each with a value that breaks it and one
 * that keeps it: the finding names the field, and nothing else is reported.
 */
class PodSecurityStandardsTest {
    private static final PodSecurityLevel BASELINE = PodSecurityLevel.BASELINE;
    private static final PodSecurityLevel RESTRICTED = PodSecurityLevel.RESTRICTED;
    /** A pod keeping every restricted control; each restricted case changes one thing of it. */
    private static final String RESTRICTED_POD = """
            metadata: {name: p}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: spark-kubernetes-driver
                image: apache/spark:4.1.1
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              volumes:
              - {name: conf, configMap: {name: c}}
              - {name: local, emptyDir: {}}
            """;

    private static List<String> check(PodSecurityLevel level, String yaml) {
        Pod pod = Json.read(yaml, Pod.class);
        return PodSecurityStandards.check(level, PodShape.of(pod.getMetadata(), pod.getSpec(), "spec", "metadata"));
    }

    /** A pod of one container named c whose spec is extended with {@code extra} and container with {@code sc}. */
    private static String pod(String podFields, String container) {
        return "metadata: {name: p}\nspec:\n" + indent(podFields, "  ") + "  containers:\n  - name: c\n    image: i\n"
                + indent(container, "    ");
    }

    private static String indent(String s, String by) {
        return s.isEmpty() ? "" : s.lines().map(l -> by + l + "\n").reduce("", String::concat);
    }

    static Stream<Arguments> baseline() {
        return Stream.of(
                Arguments.of("HostProcess (pod)", pod("securityContext: {windowsOptions: {hostProcess: true}}", ""),
                        "spec.securityContext.windowsOptions.hostProcess: HostProcess containers are not allowed",
                        pod("securityContext: {windowsOptions: {hostProcess: false}}", "")),
                Arguments.of("HostProcess (container)", pod("", "securityContext: {windowsOptions: {hostProcess: true}}"),
                        "spec.containers[0].securityContext.windowsOptions.hostProcess: HostProcess containers are "
                                + "not allowed", pod("", "securityContext: {windowsOptions: {}}")),
                Arguments.of("hostNetwork", pod("hostNetwork: true", ""),
                        "spec.hostNetwork: sharing the host's namespaces is not allowed", pod("hostNetwork: false", "")),
                Arguments.of("hostPID", pod("hostPID: true", ""),
                        "spec.hostPID: sharing the host's namespaces is not allowed", pod("hostPID: false", "")),
                Arguments.of("hostIPC", pod("hostIPC: true", ""),
                        "spec.hostIPC: sharing the host's namespaces is not allowed", pod("hostIPC: false", "")),
                Arguments.of("privileged", pod("", "securityContext: {privileged: true}"),
                        "spec.containers[0].securityContext.privileged: privileged containers are not allowed",
                        pod("", "securityContext: {privileged: false}")),
                Arguments.of("privileged init container", pod("initContainers:\n- {name: i, image: i, "
                                + "securityContext: {privileged: true}}", ""),
                        "spec.initContainers[0].securityContext.privileged: privileged containers are not allowed",
                        pod("initContainers:\n- {name: i, image: i}", "")),
                Arguments.of("privileged ephemeral container", pod("ephemeralContainers:\n- {name: d, image: i, "
                                + "securityContext: {privileged: true}}", ""),
                        "spec.ephemeralContainers[0].securityContext.privileged: privileged containers are not allowed",
                        pod("ephemeralContainers:\n- {name: d, image: i, securityContext: {privileged: false}}", "")),
                Arguments.of("capabilities", pod("", "securityContext: {capabilities: {add: [SYS_ADMIN]}}"),
                        "spec.containers[0].securityContext.capabilities.add: capability \"SYS_ADMIN\" is not allowed",
                        pod("", "securityContext: {capabilities: {add: [CHOWN, NET_BIND_SERVICE, SYS_CHROOT]}}")),
                Arguments.of("NET_RAW is not in the baseline list", pod("", "securityContext: {capabilities: "
                                + "{add: [NET_RAW]}}"),
                        "spec.containers[0].securityContext.capabilities.add: capability \"NET_RAW\" is not allowed",
                        pod("", "securityContext: {capabilities: {drop: [NET_RAW]}}")),
                Arguments.of("hostPath", pod("volumes:\n- {name: root, hostPath: {path: /}}", ""),
                        "spec.volumes[0].hostPath: hostPath volumes are not allowed (/)",
                        pod("volumes:\n- {name: root, emptyDir: {}}", "")),
                Arguments.of("hostPort", pod("", "ports: [{containerPort: 4040, hostPort: 4040}]"),
                        "spec.containers[0].ports[0].hostPort: host ports are not allowed (4040)",
                        pod("", "ports: [{containerPort: 4040, hostPort: 0}]")),
                Arguments.of("probe host (httpGet)", pod("", "livenessProbe: {httpGet: {host: 169.254.169.254, "
                                + "port: 80, path: /latest/meta-data}}"),
                        "spec.containers[0].livenessProbe.httpGet.host: probes and lifecycle hooks may not name a host "
                                + "(\"169.254.169.254\")",
                        pod("", "livenessProbe: {httpGet: {port: 4040, path: /}}\nreadinessProbe: {httpGet: "
                                + "{host: \"\", port: 4040}}")),
                Arguments.of("probe host (tcpSocket)", pod("", "readinessProbe: {tcpSocket: {host: kubernetes.default, "
                                + "port: 443}}"),
                        "spec.containers[0].readinessProbe.tcpSocket.host: probes and lifecycle hooks may not name a "
                                + "host (\"kubernetes.default\")",
                        pod("", "startupProbe: {tcpSocket: {port: 7078}}")),
                Arguments.of("lifecycle hook host", pod("initContainers:\n- {name: i, image: i, lifecycle: "
                                + "{preStop: {httpGet: {host: 10.0.0.1, port: 10250}}}}", ""),
                        "spec.initContainers[0].lifecycle.preStop.httpGet.host: probes and lifecycle hooks may not "
                                + "name a host (\"10.0.0.1\")",
                        pod("initContainers:\n- {name: i, image: i, lifecycle: {postStart: {exec: {command: [true]}}, "
                                + "preStop: {tcpSocket: {port: 7078}}}}", "")),
                Arguments.of("ephemeral container hook host", pod("ephemeralContainers:\n- {name: d, image: i, "
                                + "lifecycle: {postStart: {tcpSocket: {host: 10.0.0.1, port: 22}}}}", ""),
                        "spec.ephemeralContainers[0].lifecycle.postStart.tcpSocket.host: probes and lifecycle hooks "
                                + "may not name a host (\"10.0.0.1\")",
                        pod("ephemeralContainers:\n- {name: d, image: i}", "")),
                Arguments.of("AppArmor annotation", "metadata: {name: p, annotations: "
                                + "{container.apparmor.security.beta.kubernetes.io/c: unconfined}}\nspec: {}",
                        "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/c\"]: AppArmor profile "
                                + "\"unconfined\" is not allowed",
                        "metadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/c: "
                                + "localhost/spark, container.apparmor.security.beta.kubernetes.io/d: runtime/default}}"
                                + "\nspec: {}"),
                Arguments.of("AppArmor profile (pod)", pod("securityContext: {appArmorProfile: {type: Unconfined}}", ""),
                        "spec.securityContext.appArmorProfile.type: \"Unconfined\" is not allowed, only RuntimeDefault "
                                + "or Localhost",
                        pod("securityContext: {appArmorProfile: {type: RuntimeDefault}}", "")),
                Arguments.of("AppArmor profile (container)", pod("", "securityContext: {appArmorProfile: "
                                + "{type: Unconfined}}"),
                        "spec.containers[0].securityContext.appArmorProfile.type: \"Unconfined\" is not allowed, only "
                                + "RuntimeDefault or Localhost",
                        pod("", "securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}")),
                Arguments.of("SELinux type", pod("", "securityContext: {seLinuxOptions: {type: spc_t}}"),
                        "spec.containers[0].securityContext.seLinuxOptions.type: \"spc_t\" is not one of container_t, "
                                + "container_init_t, container_kvm_t, container_engine_t",
                        pod("", "securityContext: {seLinuxOptions: {type: container_init_t, level: \"s0:c1\"}}")),
                Arguments.of("SELinux user", pod("securityContext: {seLinuxOptions: {user: system_u}}", ""),
                        "spec.securityContext.seLinuxOptions.user: custom SELinux users are not allowed",
                        pod("securityContext: {seLinuxOptions: {user: \"\"}}", "")),
                Arguments.of("SELinux role", pod("", "securityContext: {seLinuxOptions: {role: sysadm_r}}"),
                        "spec.containers[0].securityContext.seLinuxOptions.role: custom SELinux roles are not allowed",
                        pod("", "securityContext: {seLinuxOptions: {type: container_t}}")),
                Arguments.of("/proc mount", pod("", "securityContext: {procMount: Unmasked}"),
                        "spec.containers[0].securityContext.procMount: \"Unmasked\" is not allowed, only Default",
                        pod("", "securityContext: {procMount: Default}")),
                Arguments.of("seccomp (pod)", pod("securityContext: {seccompProfile: {type: Unconfined}}", ""),
                        "spec.securityContext.seccompProfile.type: Unconfined is not allowed",
                        pod("securityContext: {seccompProfile: {type: RuntimeDefault}}", "")),
                Arguments.of("seccomp (container)", pod("", "securityContext: {seccompProfile: {type: Unconfined}}"),
                        "spec.containers[0].securityContext.seccompProfile.type: Unconfined is not allowed",
                        pod("", "securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}")),
                Arguments.of("sysctls", pod("securityContext: {sysctls: [{name: kernel.msgmax, value: \"65536\"}]}", ""),
                        "spec.securityContext.sysctls[0].name: \"kernel.msgmax\" is not a safe sysctl",
                        pod("securityContext: {sysctls: [{name: net.ipv4.tcp_keepalive_time, value: \"60\"}, "
                                + "{name: net.ipv4.tcp_rmem, value: \"4096 87380 6291456\"}]}", "")));
    }

    @ParameterizedTest(name = "baseline: {0}")
    @MethodSource("baseline")
    void eachBaselineControlDeniesItsValueAndAllowsTheAllowedOne(String control, String violating, String finding,
                                                                 String passing) {
        assertThat(check(BASELINE, violating)).containsExactly(finding);
        assertThat(check(BASELINE, passing)).isEmpty();
        assertThat(check(PodSecurityLevel.PRIVILEGED, violating)).isEmpty();
        assertThat(check(RESTRICTED, violating)).contains(finding);
    }

    static Stream<Arguments> restricted() {
        return Stream.of(
                Arguments.of("volume types", RESTRICTED_POD.replace("{name: local, emptyDir: {}}",
                                "{name: local, nfs: {server: nfs.example.com, path: /x}}"),
                        "spec.volumes[1].nfs: volume type nfs is not allowed",
                        RESTRICTED_POD.replace("{name: local, emptyDir: {}}", "{name: local, persistentVolumeClaim: "
                                + "{claimName: c}}\n  - {name: t, projected: {sources: []}}\n  - {name: s, secret: "
                                + "{secretName: s}}\n  - {name: d, downwardAPI: {}}\n  - {name: e, ephemeral: {}}\n"
                                + "  - {name: v, csi: {driver: d}}")),
                Arguments.of("allowPrivilegeEscalation unset", RESTRICTED_POD.replace("allowPrivilegeEscalation: false, ",
                                ""),
                        "spec.containers[0].securityContext.allowPrivilegeEscalation: must be false", RESTRICTED_POD),
                Arguments.of("allowPrivilegeEscalation true", RESTRICTED_POD.replace("allowPrivilegeEscalation: false",
                                "allowPrivilegeEscalation: true"),
                        "spec.containers[0].securityContext.allowPrivilegeEscalation: must be false", RESTRICTED_POD),
                Arguments.of("runAsNonRoot unset", RESTRICTED_POD.replace("runAsNonRoot: true, ", ""),
                        "spec.containers[0].securityContext.runAsNonRoot: must be true (here or in the pod's "
                                + "securityContext)",
                        RESTRICTED_POD.replace("runAsNonRoot: true, ", "").replace("drop: [ALL]}",
                                "drop: [ALL]}, runAsNonRoot: true")),
                Arguments.of("runAsNonRoot false in the pod", RESTRICTED_POD.replace("runAsNonRoot: true",
                                "runAsNonRoot: false").replace("drop: [ALL]}", "drop: [ALL]}, runAsNonRoot: true"),
                        "spec.securityContext.runAsNonRoot: must be true", RESTRICTED_POD),
                Arguments.of("runAsNonRoot false in a container", RESTRICTED_POD.replace("drop: [ALL]}",
                                "drop: [ALL]}, runAsNonRoot: false"),
                        "spec.containers[0].securityContext.runAsNonRoot: must be true",
                        RESTRICTED_POD.replace("drop: [ALL]}", "drop: [ALL]}, runAsNonRoot: true")),
                Arguments.of("runAsUser 0 (pod)", RESTRICTED_POD.replace("runAsNonRoot: true", "runAsNonRoot: true, "
                                + "runAsUser: 0"),
                        "spec.securityContext.runAsUser: running as user 0 (root) is not allowed",
                        RESTRICTED_POD.replace("runAsNonRoot: true", "runAsNonRoot: true, runAsUser: 185")),
                Arguments.of("runAsUser 0 (container)", RESTRICTED_POD.replace("drop: [ALL]}", "drop: [ALL]}, "
                                + "runAsUser: 0"),
                        "spec.containers[0].securityContext.runAsUser: running as user 0 (root) is not allowed",
                        RESTRICTED_POD.replace("drop: [ALL]}", "drop: [ALL]}, runAsUser: 1000")),
                Arguments.of("seccomp unset", RESTRICTED_POD.replace(", seccompProfile: {type: RuntimeDefault}", ""),
                        "spec.containers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost "
                                + "(here or in the pod's securityContext)",
                        RESTRICTED_POD.replace(", seccompProfile: {type: RuntimeDefault}", "").replace("drop: [ALL]}",
                                "drop: [ALL]}, seccompProfile: {type: Localhost, localhostProfile: p.json}")),
                Arguments.of("capabilities not dropped", RESTRICTED_POD.replace("drop: [ALL]", "drop: [NET_RAW]"),
                        "spec.containers[0].securityContext.capabilities.drop: must include ALL", RESTRICTED_POD),
                Arguments.of("capabilities added", RESTRICTED_POD.replace("drop: [ALL]", "drop: [ALL], add: [CHOWN]"),
                        "spec.containers[0].securityContext.capabilities.add: only NET_BIND_SERVICE may be added, not "
                                + "\"CHOWN\"",
                        RESTRICTED_POD.replace("drop: [ALL]", "drop: [ALL], add: [NET_BIND_SERVICE]")));
    }

    @ParameterizedTest(name = "restricted: {0}")
    @MethodSource("restricted")
    void eachRestrictedControlDeniesItsValueAndAllowsTheAllowedOne(String control, String violating, String finding,
                                                                   String passing) {
        assertThat(check(RESTRICTED, violating)).containsExactly(finding);
        assertThat(check(RESTRICTED, passing)).isEmpty();
        assertThat(check(BASELINE, violating)).isEmpty();
    }

    @Test
    void aDefaultPodKeepsBaselineButNotRestricted() {
        String plain = pod("", "");
        assertThat(check(BASELINE, plain)).isEmpty();
        assertThat(check(RESTRICTED, plain)).containsExactly(
                "spec.containers[0].securityContext.runAsNonRoot: must be true (here or in the pod's securityContext)",
                "spec.containers[0].securityContext.allowPrivilegeEscalation: must be false",
                "spec.containers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (here "
                        + "or in the pod's securityContext)",
                "spec.containers[0].securityContext.capabilities.drop: must include ALL");
    }

    @Test
    void everyContainerKindIsHeldToRestricted() {
        String yaml = RESTRICTED_POD + """
                  initContainers: [{name: i, image: i}]
                  ephemeralContainers: [{name: d, image: i, securityContext: {allowPrivilegeEscalation: false,
                    capabilities: {drop: [ALL]}}}]
                """;
        assertThat(check(RESTRICTED, yaml)).containsExactly(
                "spec.initContainers[0].securityContext.allowPrivilegeEscalation: must be false",
                "spec.initContainers[0].securityContext.capabilities.drop: must include ALL");
    }

    @Test
    void windowsPodsAreExemptFromTheLinuxOnlyRestrictedControlsButNotFromRunAsNonRoot() {
        String windows = pod("os: {name: windows}", "");
        assertThat(check(RESTRICTED, windows)).containsExactly(
                "spec.containers[0].securityContext.runAsNonRoot: must be true (here or in the pod's securityContext)");
    }
}
