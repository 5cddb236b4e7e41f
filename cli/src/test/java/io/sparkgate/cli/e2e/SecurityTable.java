package io.sparkgate.cli.e2e;

import static io.sparkgate.api.policy.PodSecurityLevel.BASELINE;
import static io.sparkgate.api.policy.PodSecurityLevel.PRIVILEGED;
import static io.sparkgate.api.policy.PodSecurityLevel.RESTRICTED;

import io.sparkgate.api.policy.PodSecurityLevel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The fuzzer's oracle for issue 18: one row per hostile setting of a pod or app, each with the level of the Kubernetes
 * Pod Security Standards (v1.34, as sparkgate implements them) from which it must be refused, the places it can be
 * written at, the values that must be refused there, the values of the same field that must be admitted (the
 * controls), and how the denial names it. Rows that are not Pod Security controls (service accounts, proxy users,
 * the conf side doors) are refused at every level ({@code from = PRIVILEGED}).
 *
 * <p>Each row cites the control of https://kubernetes.io/docs/concepts/security/pod-security-standards/ it comes
 * from. Values are YAML; {@link #REMOVE} removes the field instead. In paths and findings, {@code $sc} is the
 * pod-level security context of the place ({@code securityContext} of a pod or template, {@code podSecurityContext}
 * of an app role), {@code $role} the Spark role, {@code $main} the main container ({@code spec.containers[0]} of a
 * pod, {@code spec.<role>} of an app) and {@code {v}} the hostile value; {@code [+]} appends to a list.
 */
final class SecurityTable {
    /** A value that removes the field. */
    static final String REMOVE = "<remove>";

    /** Where in a pod or app a row's field is written. */
    enum Slot {
        /** A pod's main container. */
        POD_CONTAINER(true),
        /** An init container added to a pod (compliant but for the row's field). */
        POD_INIT(true),
        /** A {@code kubectl debug} container: an UPDATE of {@code pods/ephemeralcontainers}. */
        POD_EPHEMERAL(true),
        /** A pod's spec. */
        POD_SPEC(true),
        /** A pod's metadata. */
        POD_METADATA(true),
        /** An app role's typed fields; its {@code securityContext} is the main container's. */
        APP_ROLE(false),
        /** A sidecar added to an app role. */
        APP_SIDECAR(false),
        /** An init container added to an app role. */
        APP_INIT(false),
        /** The main container of an app role's pod template. */
        APP_TEMPLATE_CONTAINER(false),
        /** An app role's pod template spec. */
        APP_TEMPLATE_SPEC(false),
        /** An app role's pod template metadata. */
        APP_TEMPLATE_METADATA(false),
        /** The app's spec. */
        APP_SPEC(false);

        final boolean pod;

        Slot(boolean pod) {
            this.pod = pod;
        }
    }

    /**
     * One hostile setting.
     *
     * @param name     what it is, for counting and failure messages
     * @param from     the weakest level that refuses it ({@code PRIVILEGED}: every level, not a Pod Security control)
     * @param pss      the denial names the Pod Security level (false: another rule, named by its own text)
     * @param slots    where it is written
     * @param path     the field, relative to the slot
     * @param hostile  values that must be refused from {@code from} on
     * @param allowed  values of the same field every level admits (the controls); may be empty
     * @param report   where the denial reports it, when not at {@code path} (null: at {@code path})
     * @param finding  what the denial says after the reported path
     */
    record Row(String name, PodSecurityLevel from, boolean pss, Set<Slot> slots, String path, List<String> hostile,
               List<String> allowed, String report, String finding) {
        /** The same row with the denial reported at {@code where}. */
        Row reportedAt(String where) {
            return new Row(name, from, pss, slots, path, hostile, allowed, where, finding);
        }
    }

    private static final Set<Slot> CONTAINERS = EnumSet.of(Slot.POD_CONTAINER, Slot.POD_INIT, Slot.POD_EPHEMERAL,
            Slot.APP_ROLE, Slot.APP_SIDECAR, Slot.APP_INIT, Slot.APP_TEMPLATE_CONTAINER);
    /**
     * The containers whose context is the effective one. An app role's typed {@code securityContext} replaces its
     * template container's whole (the mutating webhook writes it over), so the restricted controls that require a
     * value (allowPrivilegeEscalation false, drop ALL, add at most NET_BIND_SERVICE) are read from the typed one;
     * the final pod is held to them by {@code /validate/pods} all the same.
     */
    private static final Set<Slot> EFFECTIVE_CONTAINERS = EnumSet.of(Slot.POD_CONTAINER, Slot.POD_INIT,
            Slot.POD_EPHEMERAL, Slot.APP_ROLE, Slot.APP_SIDECAR, Slot.APP_INIT);
    private static final Set<Slot> POD_CONTEXTS = EnumSet.of(Slot.POD_SPEC, Slot.APP_ROLE, Slot.APP_TEMPLATE_SPEC);
    private static final Set<Slot> PORTS = EnumSet.of(Slot.POD_CONTAINER, Slot.POD_INIT, Slot.POD_EPHEMERAL,
            Slot.APP_SIDECAR, Slot.APP_INIT, Slot.APP_TEMPLATE_CONTAINER);
    private static final Set<Slot> VOLUMES = EnumSet.of(Slot.POD_SPEC, Slot.APP_SPEC, Slot.APP_TEMPLATE_SPEC);
    /**
     * Annotations. A pod UPDATE that changes only metadata is not re-checked, as in Kubernetes' own Pod Security
     * admission (only image and seccomp-annotation changes are significant there, and the API server refuses any
     * change of a pod's AppArmor annotations), so pod metadata rows are sent as CREATEs only.
     */
    private static final Set<Slot> ANNOTATIONS = EnumSet.of(Slot.POD_METADATA, Slot.APP_ROLE,
            Slot.APP_TEMPLATE_METADATA);
    private static final String APPARMOR = "annotations[\"container.apparmor.security.beta.kubernetes.io/"
            + "spark-kubernetes-$role\"]";
    private static final String SELINUX_TYPES = "container_t|container_init_t|container_kvm_t|container_engine_t";
    /** The safe sysctls of v1.34, unchanged since v1.32 (tcp_rmem/tcp_wmem since v1.32, the keepalive ones since v1.29). */
    private static final String SAFE_SYSCTLS = "kernel.shm_rmid_forced|net.ipv4.ip_local_port_range"
            + "|net.ipv4.ip_unprivileged_port_start|net.ipv4.tcp_syncookies|net.ipv4.ping_group_range"
            + "|net.ipv4.ip_local_reserved_ports|net.ipv4.tcp_keepalive_time|net.ipv4.tcp_fin_timeout"
            + "|net.ipv4.tcp_keepalive_intvl|net.ipv4.tcp_keepalive_probes|net.ipv4.tcp_rmem|net.ipv4.tcp_wmem";

    static final List<Row> ROWS = rows();

    private SecurityTable() {
    }

    private static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        // --- Baseline ---
        // HostProcess: windowsOptions.hostProcess of the pod and every container; allowed undefined, false.
        r.add(pss("hostProcess", BASELINE, CONTAINERS, "securityContext.windowsOptions.hostProcess", "true", "false",
                ": HostProcess containers are not allowed"));
        r.add(pss("pod hostProcess", BASELINE, POD_CONTEXTS, "$sc.windowsOptions.hostProcess", "true", "false",
                ": HostProcess containers are not allowed"));
        // Host Namespaces: spec.hostNetwork, hostPID, hostIPC; allowed undefined, false. An app role has a typed
        // hostNetwork; hostPID and hostIPC only through its template.
        r.add(pss("hostNetwork", BASELINE, POD_CONTEXTS, "hostNetwork", "true", "false",
                ": sharing the host's namespaces is not allowed"));
        for (String ns : List.of("hostPID", "hostIPC")) {
            r.add(pss(ns, BASELINE, EnumSet.of(Slot.POD_SPEC, Slot.APP_TEMPLATE_SPEC), ns, "true", "false",
                    ": sharing the host's namespaces is not allowed"));
        }
        // Privileged Containers: allowed undefined, false.
        r.add(pss("privileged", BASELINE, CONTAINERS, "securityContext.privileged", "true", "false",
                ": privileged containers are not allowed"));
        // Capabilities: add only from the baseline list. NET_BIND_SERVICE is the one every level allows.
        r.add(pss("capabilities beyond baseline", BASELINE, CONTAINERS, "securityContext.capabilities.add",
                "[SYS_ADMIN]|[NET_ADMIN]|[SYS_PTRACE]|[ALL]|[BPF]", "[NET_BIND_SERVICE]",
                ": capability \"{v}\" is not allowed"));
        // HostPath Volumes: spec.volumes[*].hostPath; allowed undefined. Spark builds volumes from sparkConf too.
        r.add(pss("hostPath volume", BASELINE, VOLUMES, "volumes[+]", "{name: fuzz, hostPath: {path: /}}|{name: "
                + "fuzz, hostPath: {path: /var/run/docker.sock, type: Socket}}", "{name: fuzz, emptyDir: {}}",
                ".hostPath: hostPath volumes are not allowed"));
        r.add(pss("hostPath volume in sparkConf", BASELINE, EnumSet.of(Slot.APP_SPEC),
                "sparkConf[\"spark.kubernetes.$role.volumes.hostPath.fuzz.mount.path\"]", "/host", "",
                ": hostPath volumes are not allowed (fuzz)"));
        // Host Ports: containers, init and ephemeral containers' ports[*].hostPort; allowed undefined, 0.
        r.add(pss("hostPort", BASELINE, PORTS, "ports[+]", "{containerPort: 8080, hostPort: 8080}|{containerPort: "
                + "22, hostPort: 22}", "{containerPort: 8080, hostPort: 0}|{containerPort: 8080}",
                ".hostPort: host ports are not allowed"));
        // AppArmor: the profile type of pod and containers (allowed undefined, RuntimeDefault, Localhost) and the
        // beta annotations (allowed undefined, runtime/default, localhost/*).
        r.add(pss("AppArmor profile", BASELINE, CONTAINERS, "securityContext.appArmorProfile", "{type: Unconfined}",
                "{type: RuntimeDefault}|{type: Localhost, localhostProfile: k8s-spark}",
                ".type: \"Unconfined\" is not allowed"));
        r.add(pss("pod AppArmor profile", BASELINE, POD_CONTEXTS, "$sc.appArmorProfile", "{type: Unconfined}",
                "{type: RuntimeDefault}", ".type: \"Unconfined\" is not allowed"));
        r.add(pss("AppArmor annotation", BASELINE, ANNOTATIONS, APPARMOR, "unconfined", "runtime/default"
                + "|localhost/k8s-spark", ": AppArmor profile \"{v}\" is not allowed"));
        r.add(pss("AppArmor annotation in sparkConf", BASELINE, EnumSet.of(Slot.APP_SPEC), "sparkConf[\"spark."
                + "kubernetes.$role.annotation.container.apparmor.security.beta.kubernetes.io/spark-kubernetes-$role\"]",
                "unconfined", "runtime/default", ": AppArmor profile \"{v}\" is not allowed"));
        // SELinux: type only container_t, container_init_t, container_kvm_t, container_engine_t (v1.31); user and
        // role undefined or "". The level is not restricted: a control.
        for (Set<Slot> slots : List.of(CONTAINERS, POD_CONTEXTS)) {
            String sc = slots == CONTAINERS ? "securityContext" : "$sc";
            String what = slots == CONTAINERS ? "" : "pod ";
            r.add(pss(what + "SELinux type", BASELINE, slots, sc + ".seLinuxOptions.type", "spc_t|unconfined_t"
                    + "|container_logreader_t", SELINUX_TYPES + "|\"\"", ": \"{v}\" is not one of"));
            r.add(pss(what + "SELinux user", BASELINE, slots, sc + ".seLinuxOptions.user", "system_u|root", "\"\"",
                    ": custom SELinux users are not allowed"));
            r.add(pss(what + "SELinux role", BASELINE, slots, sc + ".seLinuxOptions.role", "system_r|sysadm_r",
                    "\"\"", ": custom SELinux roles are not allowed"));
            r.add(pss(what + "SELinux level", BASELINE, slots, sc + ".seLinuxOptions.level", "", "s0:c123,c456",
                    ""));
        }
        // /proc Mount Type: allowed undefined, Default.
        r.add(pss("procMount", BASELINE, CONTAINERS, "securityContext.procMount", "Unmasked", "Default",
                ": \"Unmasked\" is not allowed, only Default"));
        // Seccomp: Unconfined is refused on pod and containers; allowed undefined, RuntimeDefault, Localhost.
        r.add(pss("seccomp Unconfined", BASELINE, CONTAINERS, "securityContext.seccompProfile", "{type: Unconfined}",
                "{type: RuntimeDefault}|{type: Localhost, localhostProfile: profiles/spark.json}",
                ".type: Unconfined is not allowed"));
        r.add(pss("pod seccomp Unconfined", BASELINE, POD_CONTEXTS, "$sc.seccompProfile", "{type: Unconfined}",
                "{type: RuntimeDefault}", ".type: Unconfined is not allowed"));
        // Sysctls: spec.securityContext.sysctls[*].name only from the safe set.
        r.add(pss("unsafe sysctl", BASELINE, POD_CONTEXTS, "$sc.sysctls[+].name", "kernel.msgmax|net.core.somaxconn"
                + "|vm.swappiness|kernel.sem|net.ipv4.ip_forward", SAFE_SYSCTLS,
                ": \"{v}\" is not a safe sysctl"));
        // Probes / Lifecycle Hooks (v1.34): the host of livenessProbe/readinessProbe/startupProbe and of
        // lifecycle postStart/preStop httpGet and tcpSocket handlers; allowed undefined or "". The typed role fields
        // have no probes, so the places are those of ports.
        r.add(pss("probe host", BASELINE, PORTS, "livenessProbe.httpGet", "{port: 8080, host: 169.254.169.254}"
                + "|{port: 80, host: metadata.google.internal}", "{port: 8080}|{port: 8080, host: \"\"}",
                ".host: probes and lifecycle hooks may not name a host"));
        r.add(pss("readiness probe host", BASELINE, PORTS, "readinessProbe.tcpSocket", "{port: 8080, host: 10.0.0.1}",
                "{port: 8080}", ".host: probes and lifecycle hooks may not name a host"));
        r.add(pss("lifecycle hook host", BASELINE, PORTS, "lifecycle.postStart.httpGet", "{port: 80, host: "
                + "kubernetes.default}", "{port: 80}", ".host: probes and lifecycle hooks may not name a host"));

        // --- Restricted ---
        // Volume Types: only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected,
        // secret (hostPath has its baseline row above).
        r.add(pss("non-core volume", RESTRICTED, VOLUMES, "volumes[+]", "{name: fuzz, nfs: {server: nfs, path: /}}"
                + "|{name: fuzz, gitRepo: {repository: r}}|{name: fuzz, iscsi: {targetPortal: p, iqn: q, lun: 0}}"
                + "|{name: fuzz, cephfs: {monitors: [m]}}|{name: fuzz, flexVolume: {driver: d}}|{name: fuzz, "
                + "awsElasticBlockStore: {volumeID: v}}|{name: fuzz, rbd: {monitors: [m], image: i}}",
                "{name: fuzz, configMap: {name: c}}|{name: fuzz, secret: {secretName: s}}|{name: fuzz, emptyDir: "
                + "{medium: Memory}}|{name: fuzz, persistentVolumeClaim: {claimName: c}}|{name: fuzz, projected: "
                + "{sources: []}}|{name: fuzz, downwardAPI: {items: []}}|{name: fuzz, csi: {driver: d}}|{name: fuzz, "
                + "ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}}",
                ".{v}: volume type {v} is not allowed"));
        r.add(pss("nfs volume in sparkConf", RESTRICTED, EnumSet.of(Slot.APP_SPEC),
                "sparkConf[\"spark.kubernetes.$role.volumes.nfs.fuzz.mount.path\"]", "/nfs", "",
                ": volume type nfs is not allowed"));
        // Privilege Escalation: allowPrivilegeEscalation false (Linux pods).
        r.add(pss("allowPrivilegeEscalation", RESTRICTED, EFFECTIVE_CONTAINERS,
                "securityContext.allowPrivilegeEscalation", "true", "false", ": must be false"));
        // Running as Non-root: runAsNonRoot true on the pod, or on every container; never false.
        r.add(pss("runAsNonRoot false", RESTRICTED, CONTAINERS, "securityContext.runAsNonRoot", "false", "true",
                ": must be true"));
        r.add(pss("pod runAsNonRoot false", RESTRICTED, POD_CONTEXTS, "$sc.runAsNonRoot", "false", "true",
                ": must be true"));
        r.add(pss("pod runAsNonRoot unset", RESTRICTED, EnumSet.of(Slot.POD_SPEC, Slot.APP_ROLE), "$sc.runAsNonRoot",
                REMOVE, "", ": must be true").reportedAt("$main.securityContext.runAsNonRoot"));
        // Running as Non-root user: runAsUser any non-zero value, or undefined.
        r.add(pss("runAsUser 0", RESTRICTED, CONTAINERS, "securityContext.runAsUser", "0", "185|1000|65534",
                ": running as user 0 (root) is not allowed"));
        r.add(pss("pod runAsUser 0", RESTRICTED, POD_CONTEXTS, "$sc.runAsUser", "0", "185|1000",
                ": running as user 0 (root) is not allowed"));
        // Seccomp: RuntimeDefault or Localhost on the pod, or on every container; undefined is refused.
        r.add(pss("pod seccomp unset", RESTRICTED, EnumSet.of(Slot.POD_SPEC, Slot.APP_ROLE), "$sc.seccompProfile",
                REMOVE, "{type: Localhost, localhostProfile: profiles/spark.json}",
                ": must be RuntimeDefault or Localhost").reportedAt("$main.securityContext.seccompProfile.type"));
        // Capabilities: drop must include ALL; add only NET_BIND_SERVICE.
        r.add(pss("capabilities drop without ALL", RESTRICTED, EFFECTIVE_CONTAINERS,
                "securityContext.capabilities.drop", "[NET_RAW]|[]", "[ALL]|[ALL, NET_RAW]", ": must include ALL"));
        r.add(pss("capabilities add beyond NET_BIND_SERVICE", RESTRICTED, EFFECTIVE_CONTAINERS,
                "securityContext.capabilities.add", "[CHOWN]|[SETUID]|[KILL]|[AUDIT_WRITE]", "[NET_BIND_SERVICE]",
                ": only NET_BIND_SERVICE may be added, not \"{v}\""));

        // --- Not Pod Security: refused at every level (the policies' rules, the built-in side-door rules) ---
        String accounts = "cluster-admin|default|spark-operator|kube-proxy";
        String allowedAccounts = "spark|spark-operator-spark";
        String policyAccounts = ": service account \"{v}\" is not one SparkPolicy";
        r.add(rule("pod service account", EnumSet.of(Slot.POD_SPEC), "serviceAccountName", accounts,
                allowedAccounts, policyAccounts));
        r.add(rule("app service account", EnumSet.of(Slot.APP_ROLE), "serviceAccount", accounts, allowedAccounts,
                policyAccounts));
        r.add(rule("template service account", EnumSet.of(Slot.APP_TEMPLATE_SPEC), "serviceAccountName", accounts,
                allowedAccounts, policyAccounts));
        r.add(rule("proxy user", EnumSet.of(Slot.APP_SPEC), "proxyUser", "hdfs|root|admin", "\"\"",
                ": impersonating \"{v}\" is not allowed (SparkPolicy"));
        r.add(rule("proxy user argument", EnumSet.of(Slot.POD_CONTAINER), "args[+]", "--proxy-user=hdfs|--proxy-user",
                "--verbose", ": --proxy-user is not allowed (SparkPolicy").reportedAt("$main.args"));
        // Hadoop's UserGroupInformation impersonates whoever HADOOP_PROXY_USER names (variable or system property),
        // as --proxy-user does: these rows found sparkgate letting it through under allowProxyUser: false.
        String impersonating = "impersonating \"hdfs\" through HADOOP_PROXY_USER is not allowed (SparkPolicy";
        r.add(rule("HADOOP_PROXY_USER in env", EnumSet.of(Slot.APP_ROLE, Slot.POD_CONTAINER), "env[+]",
                "{name: HADOOP_PROXY_USER, value: hdfs}", "{name: HADOOP_USER_HOME, value: hdfs}",
                " (HADOOP_PROXY_USER): " + impersonating));
        r.add(rule("HADOOP_PROXY_USER in envVars", EnumSet.of(Slot.APP_ROLE), "envVars[\"HADOOP_PROXY_USER\"]",
                "hdfs", "", ": " + impersonating));
        for (String prefix : List.of("spark.kubernetes.driverEnv.", "spark.executorEnv.")) {
            r.add(rule("HADOOP_PROXY_USER in " + prefix, EnumSet.of(Slot.APP_SPEC), "sparkConf[\"" + prefix
                    + "HADOOP_PROXY_USER\"]", "hdfs", "", ": " + impersonating));
        }
        r.add(rule("-DHADOOP_PROXY_USER in javaOptions", EnumSet.of(Slot.APP_ROLE), "javaOptions",
                "-Xmx1g -DHADOOP_PROXY_USER=hdfs", "-Xmx1g -Dhadoop.tmp.dir=/tmp",
                " (-DHADOOP_PROXY_USER): " + impersonating));
        r.add(rule("-D in javaOptions", EnumSet.of(Slot.APP_ROLE), "javaOptions", "-Xmx1g -Dspark.kubernetes"
                + ".executor.container.image=evil:1", "-Xmx1g -XX:+UseG1GC -Dspark.ui.port=4041",
                " (-Dspark.kubernetes.executor.container.image): not allowed"));
        r.add(rule("-D in extraJavaOptions", EnumSet.of(Slot.APP_SPEC), "sparkConf[\"spark.$role.extraJavaOptions\"]",
                "-XX:+UseG1GC '-Dspark.kubernetes.authenticate.driver.oauthToken=t'",
                "-XX:+UseG1GC -Dlog4j2.configurationFile=/opt/l.xml",
                " (-Dspark.kubernetes.authenticate.driver.oauthToken): not allowed"));
        for (String variable : List.of("SPARK_SUBMIT_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            r.add(rule("-D in env " + variable, EnumSet.of(Slot.APP_ROLE), "env[+]", "{name: " + variable
                    + ", value: \"-Xss4m -Dspark.master=local\"}", "{name: " + variable + ", value: -Xss4m}",
                    " (" + variable + ") (-Dspark.master): not allowed"));
            r.add(rule("-D in envVars " + variable, EnumSet.of(Slot.APP_ROLE), "envVars[\"" + variable + "\"]",
                    "-Dspark.kubernetes.driver.podTemplateFile=/x", "-Xss4m",
                    " (-Dspark.kubernetes.driver.podTemplateFile): not allowed"));
            for (String prefix : List.of("spark.kubernetes.driverEnv.", "spark.executorEnv.")) {
                r.add(rule("-D in " + prefix + variable, EnumSet.of(Slot.APP_SPEC), "sparkConf[\"" + prefix
                        + variable + "\"]", "-Dspark.kubernetes.namespace=kube-system",
                        "-Dspark.kubernetes.namespace=$ns", " (-Dspark.kubernetes.namespace): not allowed"));
            }
        }
        r.add(rule("feature steps", EnumSet.of(Slot.APP_SPEC), "sparkConf[\"spark.kubernetes.$role.pod"
                + ".featureSteps\"]", "com.example.Step", "", ": not allowed: feature steps"));
        return List.copyOf(r);
    }

    private static Row pss(String name, PodSecurityLevel from, Set<Slot> slots, String path, String hostile,
                           String allowed, String finding) {
        return new Row(name, from, true, slots, path, values(hostile), values(allowed), null, finding);
    }

    private static Row rule(String name, Set<Slot> slots, String path, String hostile, String allowed,
                            String finding) {
        return new Row(name, PRIVILEGED, false, slots, path, values(hostile), values(allowed), null, finding);
    }

    /** The values of {@code a|b|c}; none for the empty string. */
    private static List<String> values(String alternatives) {
        return alternatives.isEmpty() ? List.of() : List.of(alternatives.split("\\|"));
    }
}
