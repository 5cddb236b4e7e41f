package io.sparkgate.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.cli.server.DevCommand;
import java.util.List;
import java.util.Random;

/**
 * Issue 18's fields for the fuzzer, each review with the answer it must get: one SparkPolicy per Pod Security level
 * (all with a service-account list and no proxy users), and for each review a compliant pod or app of that level
 * with seeded harmless settings plus, or not (the control), one hostile setting: a pod security field on the pod,
 * an init or ephemeral container, or on an app's roles, templates, sidecars, init containers and sparkConf; another
 * service account; a proxy user; a {@code -D} side door or feature steps. The hostile one must be refused, naming
 * its field and the level, exactly when the level forbids it; the control must be admitted.
 */
final class SecurityCases {
    /** The levels, weakest first: a rule of rank r is enforced at the levels of rank r and above. */
    static final List<String> LEVELS = List.of("privileged", "baseline", "restricted");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int ANY = 0;
    private static final int BASELINE = 1;
    private static final int RESTRICTED = 2;
    private static final String APPARMOR = "container.apparmor.security.beta.kubernetes.io/";

    /** What the answer must be: allowed or not, and the fragments a denial's message must contain. */
    record Expect(boolean allowed, List<String> fragments, String what) {
    }

    /** One review with its expected answer. */
    record Case(String path, JsonNode review, Expect expect) {
    }

    /** A security-context setting of a container, and how its finding reads after the context's path. */
    private record ContainerEdit(String name, int rank, String field, String value, String finding) {
    }

    private static final List<ContainerEdit> CONTAINER_EDITS = List.of(
            new ContainerEdit("privileged", BASELINE, "privileged", "true", ".privileged: privileged containers"),
            new ContainerEdit("capability", BASELINE, "capabilities", "{add: [SYS_ADMIN], drop: [ALL]}",
                    ".capabilities.add: capability \"SYS_ADMIN\" is not allowed"),
            new ContainerEdit("seLinux type", BASELINE, "seLinuxOptions", "{type: spc_t}",
                    ".seLinuxOptions.type: \"spc_t\" is not one of"),
            new ContainerEdit("seLinux user", BASELINE, "seLinuxOptions", "{user: root}",
                    ".seLinuxOptions.user: custom SELinux users"),
            new ContainerEdit("procMount", BASELINE, "procMount", "Unmasked", ".procMount: \"Unmasked\""),
            new ContainerEdit("seccomp", BASELINE, "seccompProfile", "{type: Unconfined}",
                    ".seccompProfile.type: Unconfined is not allowed"),
            new ContainerEdit("appArmor", BASELINE, "appArmorProfile", "{type: Unconfined}",
                    ".appArmorProfile.type: \"Unconfined\""),
            new ContainerEdit("hostProcess", BASELINE, "windowsOptions", "{hostProcess: true}",
                    ".windowsOptions.hostProcess: HostProcess"),
            new ContainerEdit("escalation", RESTRICTED, "allowPrivilegeEscalation", "true",
                    ".allowPrivilegeEscalation: must be false"),
            new ContainerEdit("root user", RESTRICTED, "runAsUser", "0", ".runAsUser: running as user 0"),
            new ContainerEdit("root allowed", RESTRICTED, "runAsNonRoot", "false", ".runAsNonRoot: must be true"),
            new ContainerEdit("drop", RESTRICTED, "capabilities", "{drop: [NET_RAW]}",
                    ".capabilities.drop: must include ALL"),
            new ContainerEdit("add", RESTRICTED, "capabilities", "{add: [CHOWN], drop: [ALL]}",
                    ".capabilities.add: only NET_BIND_SERVICE may be added"));

    private final Random random;
    private final ObjectNode pod;
    private final ObjectNode app;

    SecurityCases(Random random) {
        this.random = random;
        this.pod = (ObjectNode) DevCommand.sampleReview().path("request").path("object");
        ((ObjectNode) pod.get("spec")).put("serviceAccountName", "spark");
        this.app = (ObjectNode) Json.read(DevCommand.resource("spark-pi.yaml"), JsonNode.class);
    }

    /** The namespace whose SparkPolicy enforces {@code level}. */
    static String namespace(String level) {
        return "fuzz-" + level;
    }

    /** The SparkPolicy of {@code level}, selecting its namespace by the label {@code fuzz-tenant}. */
    static String policy(String level) {
        return "apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: " + namespace(level) + "}\n"
                + "spec:\n  namespaceSelector: {matchLabels: {fuzz-tenant: " + namespace(level) + "}}\n  rules:\n"
                + "    podSecurity: {level: " + level + "}\n    allowedServiceAccounts: [spark, spark-operator-spark]\n"
                + "    allowProxyUser: false\n";
    }

    /** A review that every level refuses (another service account), to see that the policies are in force. */
    Case probe(String level) {
        ObjectNode p = base(pod, level, false);
        ((ObjectNode) p.get("spec")).put("serviceAccountName", "cluster-admin");
        return podCase(level, "CREATE", null, p, new Expect(false, List.of("spec.serviceAccountName"), "probe"));
    }

    /** The next case: hostile or control, pod or app, at a random level. */
    Case next(boolean control) {
        String level = LEVELS.get(random.nextInt(LEVELS.size()));
        return random.nextInt(5) < 3 ? podCase(level, control) : appCase(level, control);
    }

    private Case podCase(String level, boolean control) {
        int op = random.nextInt(3);
        ObjectNode before = base(pod, level, false);
        ObjectNode after = before.deepCopy();
        ObjectNode spec = (ObjectNode) after.get("spec");
        benignPod(spec);
        if (op == 2) {
            // kubectl debug: an UPDATE of pods/ephemeralcontainers adding a debug container.
            ObjectNode debug = spec.putArray("ephemeralContainers").addObject().put("name", "debugger")
                    .put("image", "busybox:1");
            debug.set("securityContext", compliantContext(level));
            if (control) {
                return podCase(level, "UPDATE", before, after, allowed("ephemeral control"));
            }
            return podCase(level, "UPDATE", before, after, containerEdit(debug,
                    "spec.ephemeralContainers[0].securityContext", level));
        }
        String operation = op == 0 ? "CREATE" : "UPDATE";
        JsonNode old = op == 0 ? null : before;
        if (control) {
            return podCase(level, operation, old, after, allowed("pod control"));
        }
        Expect expect = switch (random.nextInt(4)) {
            case 0 -> containerEdit((ObjectNode) spec.get("containers").get(0), "spec.containers[0].securityContext", level);
            case 1 -> {
                ObjectNode init = spec.putArray("initContainers").addObject().put("name", "init").put("image", "busybox:1");
                init.set("securityContext", compliantContext(level));
                yield containerEdit(init, "spec.initContainers[0].securityContext", level);
            }
            default -> podEdit(after, level);
        };
        return podCase(level, operation, old, after, expect);
    }

    private Expect podEdit(ObjectNode p, String level) {
        ObjectNode spec = (ObjectNode) p.get("spec");
        ObjectNode sc = object(spec, "securityContext");
        ArrayNode volumes = (ArrayNode) spec.get("volumes");
        int v = volumes.size();
        String ns = pick("hostNetwork", "hostPID", "hostIPC");
        return switch (random.nextInt(12)) {
            case 0 -> {
                spec.put(ns, true);
                yield pss(level, BASELINE, "spec." + ns + ": sharing the host's namespaces");
            }
            case 1 -> {
                volumes.addObject().put("name", "root").putObject("hostPath").put("path", "/");
                yield pss(level, BASELINE, "spec.volumes[" + v + "].hostPath: hostPath volumes are not allowed");
            }
            case 2 -> {
                volumes.addObject().put("name", "n").putObject("nfs").put("server", "nfs").put("path", "/");
                yield pss(level, RESTRICTED, "spec.volumes[" + v + "].nfs: volume type nfs is not allowed");
            }
            case 3 -> {
                sc.putArray("sysctls").addObject().put("name", "kernel.msgmax").put("value", "1");
                yield pss(level, BASELINE, "spec.securityContext.sysctls[0].name: \"kernel.msgmax\" is not a safe");
            }
            case 4 -> {
                sc.putObject("seLinuxOptions").put("role", "sysadm_r");
                yield pss(level, BASELINE, "spec.securityContext.seLinuxOptions.role: custom SELinux roles");
            }
            case 5 -> {
                sc.put("runAsUser", 0);
                yield pss(level, RESTRICTED, "spec.securityContext.runAsUser: running as user 0");
            }
            case 6 -> {
                sc.remove("seccompProfile");
                yield pss(level, RESTRICTED, "spec.containers[0].securityContext.seccompProfile.type: must be");
            }
            case 7 -> {
                ((ObjectNode) p.get("metadata")).putObject("annotations").put(APPARMOR + "spark-kubernetes-driver",
                        "unconfined");
                yield pss(level, BASELINE, "metadata.annotations[\"" + APPARMOR + "spark-kubernetes-driver\"]: "
                        + "AppArmor profile \"unconfined\" is not allowed");
            }
            case 8 -> {
                ((ObjectNode) spec.get("containers").get(0).get("ports").get(0)).put("hostPort", 7078);
                yield pss(level, BASELINE, "spec.containers[0].ports[0].hostPort: host ports are not allowed");
            }
            case 9 -> {
                spec.put("serviceAccountName", "cluster-admin");
                yield denied(level, "spec.serviceAccountName: service account \"cluster-admin\" is not one "
                        + "SparkPolicy " + namespace(level) + " allows");
            }
            case 10 -> {
                ObjectNode main = (ObjectNode) spec.get("containers").get(0);
                ArrayNode args = main.has("args") ? (ArrayNode) main.get("args") : main.putArray("args");
                args.add("--proxy-user").add("hdfs");
                yield denied(level, "spec.containers[0].args: --proxy-user is not allowed");
            }
            default -> containerEdit((ObjectNode) spec.get("containers").get(0),
                    "spec.containers[0].securityContext", level);
        };
    }

    private Case appCase(String level, boolean control) {
        ObjectNode before = base(app, level, true);
        ObjectNode after = before.deepCopy();
        ObjectNode spec = (ObjectNode) after.get("spec");
        String role = pick("driver", "executor");
        ObjectNode r = (ObjectNode) spec.get(role);
        benignApp(spec, r);
        String operation = random.nextBoolean() ? "CREATE" : "UPDATE";
        JsonNode old = operation.equals("CREATE") ? null : before;
        if (control) {
            return appReview(level, operation, old, after, allowed("app control"));
        }
        String f = "spec." + role;
        String var = pick("SPARK_SUBMIT_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");
        ObjectNode conf = object(spec, "sparkConf");
        Expect expect = switch (random.nextInt(20)) {
            case 0 -> containerEdit(r, f + ".securityContext", level);
            case 1 -> containerEdit(newContainer(r.putArray("sidecars"), "side", level), f + ".sidecars[0]"
                    + ".securityContext", level);
            case 2 -> containerEdit(newContainer(r.putArray("initContainers"), "init", level), f + ".initContainers[0]"
                    + ".securityContext", level);
            case 3 -> {
                // A template's container context counts beside the typed one: baseline controls only, as the
                // restricted ones read the typed context that replaces it.
                ObjectNode c = newContainer(template(r).putArray("containers"), "spark-kubernetes-" + role, level);
                yield containerEdit(c, f + ".template.spec.containers[0].securityContext", level,
                        CONTAINER_EDITS.stream().filter(e -> e.rank() == BASELINE).toList());
            }
            case 4 -> {
                r.put("hostNetwork", true);
                yield pss(level, BASELINE, f + ".hostNetwork: sharing the host's namespaces");
            }
            case 5 -> {
                String ns = pick("hostPID", "hostIPC");
                template(r).put(ns, true);
                yield pss(level, BASELINE, f + ".template.spec." + ns + ": sharing the host's namespaces");
            }
            case 6 -> {
                spec.putArray("volumes").addObject().put("name", "root").putObject("hostPath").put("path", "/");
                yield pss(level, BASELINE, "spec.volumes[0].hostPath: hostPath volumes are not allowed");
            }
            case 7 -> {
                template(r).putArray("volumes").addObject().put("name", "n").putObject("nfs").put("server", "nfs")
                        .put("path", "/");
                yield pss(level, RESTRICTED, f + ".template.spec.volumes[0].nfs: volume type nfs is not allowed");
            }
            case 8 -> {
                String key = "spark.kubernetes." + role + ".volumes.hostPath.h.mount.path";
                conf.put(key, "/h");
                yield pss(level, BASELINE, "spec.sparkConf[\"" + key + "\"]: hostPath volumes are not allowed");
            }
            case 9 -> {
                ((ObjectNode) r.get("podSecurityContext")).putArray("sysctls").addObject().put("name", "net.core.somaxconn")
                        .put("value", "1024");
                yield pss(level, BASELINE, f + ".podSecurityContext.sysctls[0].name: \"net.core.somaxconn\"");
            }
            case 10 -> {
                String key = APPARMOR + "spark-kubernetes-" + role;
                object(r, "annotations").put(key, "unconfined");
                yield pss(level, BASELINE, f + ".annotations[\"" + key + "\"]: AppArmor profile \"unconfined\"");
            }
            case 11 -> {
                ((ObjectNode) r.get("podSecurityContext")).put("runAsUser", 0);
                yield pss(level, RESTRICTED, f + ".podSecurityContext.runAsUser: running as user 0");
            }
            case 12 -> {
                ObjectNode side = newContainer(r.putArray("sidecars"), "side", level);
                side.putArray("ports").addObject().put("containerPort", 80).put("hostPort", 80);
                yield pss(level, BASELINE, f + ".sidecars[0].ports[0].hostPort: host ports are not allowed (80)");
            }
            case 13 -> {
                r.put("serviceAccount", "cluster-admin");
                yield denied(level, f + ".serviceAccount: service account \"cluster-admin\" is not one SparkPolicy "
                        + namespace(level) + " allows");
            }
            case 14 -> {
                spec.put("proxyUser", "hdfs");
                yield denied(level, "spec.proxyUser: impersonating \"hdfs\" is not allowed (SparkPolicy "
                        + namespace(level));
            }
            case 15 -> {
                r.put("javaOptions", "-Xmx1g -Dspark.kubernetes.executor.container.image=evil:1");
                yield denied(level, f + ".javaOptions (-Dspark.kubernetes.executor.container.image): not allowed");
            }
            case 16 -> {
                String key = "spark." + role + ".extraJavaOptions";
                conf.put(key, "-XX:+UseG1GC '-Dspark.kubernetes.authenticate.driver.oauthToken=t'");
                yield denied(level, "spec.sparkConf[\"" + key + "\"] (-Dspark.kubernetes.authenticate.driver"
                        + ".oauthToken): not allowed");
            }
            case 17 -> {
                r.putArray("env").addObject().put("name", var).put("value", "-Xss4m -Dspark.master=local");
                yield denied(level, f + ".env[0] (" + var + ") (-Dspark.master): not allowed");
            }
            case 18 -> {
                String key = (role.equals("driver") ? "spark.kubernetes.driverEnv." : "spark.executorEnv.") + var;
                conf.put(key, "-Dspark.kubernetes.namespace=kube-system");
                yield denied(level, "spec.sparkConf[\"" + key + "\"] (-Dspark.kubernetes.namespace): not allowed");
            }
            default -> {
                String key = "spark.kubernetes." + role + ".pod.featureSteps";
                conf.put(key, "com.example.Step");
                yield denied(level, "spec.sparkConf[\"" + key + "\"]: not allowed: feature steps");
            }
        };
        return appReview(level, operation, old, after, expect);
    }

    private Expect containerEdit(ObjectNode container, String path, String level) {
        return containerEdit(container, path, level, CONTAINER_EDITS);
    }

    private Expect containerEdit(ObjectNode container, String path, String level, List<ContainerEdit> edits) {
        ContainerEdit e = edits.get(random.nextInt(edits.size()));
        ObjectNode sc = object(container, "securityContext");
        sc.set(e.field(), Json.read(e.value(), JsonNode.class));
        return pss(level, e.rank(), path + e.finding());
    }

    /** A compliant pod (or app) of the level, in its namespace. */
    private static ObjectNode base(ObjectNode object, String level, boolean isApp) {
        ObjectNode o = object.deepCopy();
        ((ObjectNode) o.get("metadata")).put("namespace", namespace(level));
        ObjectNode spec = (ObjectNode) o.get("spec");
        if (isApp) {
            for (String role : List.of("driver", "executor")) {
                ObjectNode r = (ObjectNode) spec.get(role);
                r.set("podSecurityContext", podContext(level));
                r.set("securityContext", compliantContext(level));
            }
        } else {
            spec.set("securityContext", podContext(level));
            for (JsonNode c : spec.get("containers")) {
                ((ObjectNode) c).set("securityContext", compliantContext(level));
            }
        }
        return o;
    }

    private static ObjectNode podContext(String level) {
        return level.equals("restricted") ? (ObjectNode) Json.read("{runAsNonRoot: true, runAsUser: 185, "
                + "seccompProfile: {type: RuntimeDefault}}", JsonNode.class) : F.objectNode();
    }

    private static ObjectNode compliantContext(String level) {
        return level.equals("restricted") ? (ObjectNode) Json.read("{allowPrivilegeEscalation: false, "
                + "capabilities: {drop: [ALL]}}", JsonNode.class) : F.objectNode();
    }

    private static ObjectNode newContainer(ArrayNode list, String name, String level) {
        ObjectNode c = list.addObject().put("name", name).put("image", "busybox:1");
        c.set("securityContext", compliantContext(level));
        return c;
    }

    private static ObjectNode template(ObjectNode role) {
        return object(object(role, "template"), "spec");
    }

    /** The object member {@code name}, created (or replacing a non-object) when missing. */
    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /** Harmless settings every level allows, so that a control is more than the bare sample. */
    private void benignPod(ObjectNode spec) {
        ObjectNode main = (ObjectNode) spec.get("containers").get(0);
        ObjectNode sc = object(main, "securityContext");
        switch (random.nextInt(6)) {
            case 0 -> sc.put("privileged", false).put("procMount", "Default");
            case 1 -> sc.putObject("seLinuxOptions").put("type", pick("container_t", "container_init_t",
                    "container_kvm_t", "container_engine_t"));
            case 2 -> object(spec, "securityContext").putArray("sysctls").addObject().put("name",
                    pick("net.ipv4.tcp_syncookies", "net.ipv4.ip_local_port_range", "kernel.shm_rmid_forced"))
                    .put("value", "1");
            case 3 -> ((ObjectNode) main.get("ports").get(0)).put("hostPort", 0);
            case 4 -> sc.putObject("capabilities").putArray("add").add("NET_BIND_SERVICE");
            default -> spec.put("hostNetwork", false).put("hostPID", false);
        }
        if (sc.has("capabilities") && spec.path("securityContext").has("seccompProfile")) {
            ((ObjectNode) sc.get("capabilities")).putArray("drop").add("ALL");
        }
    }

    private void benignApp(ObjectNode spec, ObjectNode role) {
        switch (random.nextInt(5)) {
            case 0 -> role.put("javaOptions", "-Xmx1g -XX:+UseG1GC -Dlog4j2.configurationFile=/opt/l.xml "
                    + "-Dspark.ui.port=4041");
            case 1 -> role.putArray("env").addObject().put("name", pick("SPARK_SUBMIT_OPTS", "JAVA_TOOL_OPTIONS",
                    "_JAVA_OPTIONS")).put("value", "-Xss4m");
            case 2 -> object(spec, "sparkConf").put("spark.executor.extraJavaOptions", "-XX:+UseG1GC");
            case 3 -> role.put("serviceAccount", "spark");
            default -> role.put("hostNetwork", false);
        }
    }

    private static Expect allowed(String what) {
        return new Expect(true, List.of(), what);
    }

    /** A Pod Security finding: refused at levels of {@code rank} and above, naming the field and the level. */
    private static Expect pss(String level, int rank, String finding) {
        if (LEVELS.indexOf(level) < rank) {
            return new Expect(true, List.of(), finding + " (allowed at " + level + ")");
        }
        return new Expect(false, List.of(finding, "at Pod Security level \"" + level + "\""), finding);
    }

    /** Refused at every level. */
    private static Expect denied(String level, String message) {
        return new Expect(false, List.of(message), message + " (at " + level + ")");
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }

    private Case podCase(String level, String operation, JsonNode old, ObjectNode pod, Expect expect) {
        ObjectNode review = review("", "v1", "Pod", "pods", operation, level, pod, old);
        if (pod.path("spec").has("ephemeralContainers") && old != null) {
            ((ObjectNode) review.get("request")).put("subResource", "ephemeralcontainers");
        }
        return new Case("/validate/pods", review, expect);
    }

    private Case appReview(String level, String operation, JsonNode old, ObjectNode app, Expect expect) {
        return new Case("/validate/sparkapplications", review("sparkoperator.k8s.io", "v1beta2", "SparkApplication",
                "sparkapplications", operation, level, app, old), expect);
    }

    private ObjectNode review(String group, String version, String kind, String resource, String operation,
                                     String level, JsonNode object, JsonNode old) {
        ObjectNode review = F.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
        request.put("operation", operation).put("namespace", namespace(level))
                .put("name", object.path("metadata").path("name").asText()).put("dryRun", false);
        request.putObject("userInfo").put("username", "fuzz");
        request.set("object", object);
        if (old != null) {
            request.set("oldObject", old);
        }
        return review;
    }

}
