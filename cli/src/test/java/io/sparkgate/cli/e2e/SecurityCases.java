package io.sparkgate.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.PodSecurityLevel;
import io.sparkgate.cli.e2e.SecurityTable.Row;
import io.sparkgate.cli.e2e.SecurityTable.Slot;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Issue 18's security cases for the fuzzer: an otherwise valid pod (the real Spark 4.1.1 pods of the shared
 * fixtures) or app (the examples), made compliant with the level of its namespace's SparkPolicy, with ONE setting of
 * {@link SecurityTable} written at one of its places: a hostile value, or (the control) an allowed value of the
 * same field. Sent as CREATE or UPDATE (and as {@code kubectl debug}'s {@code pods/ephemeralcontainers} UPDATE, and
 * as a ScheduledSparkApplication's template), each with the answer it must get.
 */
final class SecurityCases {
    /** The levels, one SparkPolicy and namespace each. */
    static final List<PodSecurityLevel> LEVELS = List.of(PodSecurityLevel.values());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The admin guide's restricted security context (docs/admin-guide.md, "restricted-example"). */
    private static final JsonNode RESTRICTED_POD = Json.read("{runAsNonRoot: true, runAsUser: 185, seccompProfile: "
            + "{type: RuntimeDefault}}", JsonNode.class);
    private static final JsonNode RESTRICTED_CONTAINER = Json.read("{allowPrivilegeEscalation: false, capabilities: "
            + "{drop: [ALL]}}", JsonNode.class);

    /**
     * The answer a case must get.
     *
     * @param allowed   admitted or refused
     * @param fragments what a denial's message must contain (the field path and the level)
     * @param what      the case, for counting and failure messages
     * @param row       the table row's name
     * @param group     the class counted in the summary: the row's kind of control and the expected outcome
     */
    record Expect(boolean allowed, List<String> fragments, String what, String row, String group) {
        /** Why an answer (admitted or not, with the denial's message) is not this one; null when it is. */
        String problem(boolean admitted, String message) {
            if (admitted != allowed) {
                return allowed ? "refused: " + message : "admitted";
            }
            for (String fragment : fragments) {
                if (!message.contains(fragment)) {
                    return "the denial does not say \"" + fragment + "\": " + message;
                }
            }
            return null;
        }
    }

    /** One review and the answer it must get. */
    record Case(String path, ObjectNode review, Expect expect) {
    }

    /** A base object: a pod or app of one level, as read and made compliant. */
    private record Base(String name, boolean pod, ObjectNode object) {
    }

    /** Parsed table values: parsing YAML per case would cost more than the server's decision. */
    private final java.util.Map<String, JsonNode> parsed = new java.util.HashMap<>();
    private final java.util.Map<String, ObjectNode> compliantBases = new java.util.HashMap<>();
    private final Random random;
    private final List<Base> pods = new ArrayList<>();
    private final List<Base> apps = new ArrayList<>();
    private final List<Row> podRows;
    private final List<Row> appRows;

    SecurityCases(Random random) {
        this.random = random;
        for (String set : List.of(SparkFixtures.JAVA_SPARK_PI, SparkFixtures.PYTHON_RICH, SparkFixtures.EXECUTORS)) {
            ObjectNode pod = (ObjectNode) SparkFixtures.podJson(set).deepCopy();
            ((ObjectNode) pod.get("spec")).put("serviceAccountName", "spark");
            pods.add(new Base(set, true, withoutHostPaths(pod)));
        }
        for (String file : List.of("spark-pi.yaml", "etl-daily.yaml", "kubeflow/spark-pi.yaml")) {
            apps.add(new Base(file, false, withoutHostPaths(readExample(file))));
        }
        podRows = SecurityTable.ROWS.stream().filter(r -> r.slots().stream().anyMatch(s -> s.pod)).toList();
        appRows = SecurityTable.ROWS.stream().filter(r -> r.slots().stream().anyMatch(s -> !s.pod)).toList();
    }

    /** The namespace whose SparkPolicy holds {@code level}. */
    static String namespace(PodSecurityLevel level) {
        return "fuzz-" + level.value();
    }

    /** The SparkPolicy of {@code level}: its Pod Security level, two service accounts, no proxy users. */
    static String policy(PodSecurityLevel level) {
        return "apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: " + namespace(level) + "}\n"
                + "spec:\n  namespaceSelector: {matchLabels: {fuzz-tenant: " + namespace(level) + "}}\n  rules:\n"
                + "    podSecurity: {level: " + level.value() + "}\n"
                + "    allowedServiceAccounts: [spark, spark-operator-spark]\n    allowProxyUser: false\n";
    }

    /** Every base, unchanged, at every level: each must be admitted (else the table's premise fails). */
    List<Case> plainBases() {
        List<Case> out = new ArrayList<>();
        for (PodSecurityLevel level : LEVELS) {
            for (Base b : pods) {
                out.add(podReview(level, "CREATE", null, compliant(b, level), false, plain(b, level)));
            }
            for (Base b : apps) {
                out.add(appReview(level, "CREATE", null, compliant(b, level), plain(b, level)));
            }
        }
        return out;
    }

    private static Expect plain(Base b, PodSecurityLevel level) {
        return new Expect(true, List.of(), "plain " + b.name() + " at " + level.value(), "plain base", "plain base");
    }

    /** A case each level refuses (another service account): seen refused, the level's policy is in force. */
    Case probe(PodSecurityLevel level) {
        ObjectNode pod = compliant(pods.get(0), level);
        ((ObjectNode) pod.get("spec")).put("serviceAccountName", "cluster-admin");
        return podReview(level, "CREATE", null, pod, false, new Expect(false, List.of("spec.serviceAccountName: "
                + "service account \"cluster-admin\" is not one SparkPolicy " + namespace(level)), "probe", "probe", "probe"));
    }

    /** The next case: a pod or an app at a random level, with one hostile setting or one control. */
    Case next() {
        PodSecurityLevel level = LEVELS.get(random.nextInt(LEVELS.size()));
        boolean pod = random.nextBoolean();
        List<Row> rows = pod ? podRows : appRows;
        Row row = rows.get(random.nextInt(rows.size()));
        List<Slot> slots = row.slots().stream().filter(s -> s.pod == pod).toList();
        Slot slot = slots.get(random.nextInt(slots.size()));
        boolean control = row.hostile().isEmpty() || (!row.allowed().isEmpty() && random.nextInt(3) == 0);
        String value = pick(control ? row.allowed() : row.hostile());
        Base base = pick(pod ? pods : apps);
        ObjectNode before = compliant(base, level);
        ObjectNode after = before.deepCopy();
        String role = pod ? after.at("/metadata/labels/spark-role").asText() : pick(List.of("driver", "executor"));
        Target target = slot(after, slot, role, level);
        String ns = namespace(level);
        String field = substitute(row.path(), target, role, pod);
        String set = JsonPaths.set(target.node(), field, value.equals(SecurityTable.REMOVE) ? null
                : parse(value.replace("$ns", ns)).deepCopy());
        String at = target.prefix() + "." + set;
        String reported = row.report() == null ? at : substitute(row.report(), target, role, pod);
        String what = row.name() + " = " + value + " at " + at + " (" + base.name() + ", level " + level.value()
                + ")";
        String kind = row.pss() ? "Pod Security " + row.from().value() : row.finding().contains("SparkPolicy")
                ? "service account / proxy user" : "conf side door";
        Expect expect;
        if (control || !level.atLeast(row.from())) {
            expect = new Expect(true, List.of(), (control ? "control " : "allowed at this level: ") + what,
                    row.name(), kind + (control ? ": control admitted" : ": admitted below its level"));
        } else {
            String finding = row.finding().replace("{v}", value.equals(SecurityTable.REMOVE) ? ""
                    : shown(parse(value)));
            List<String> fragments = new ArrayList<>(List.of(reported + finding));
            if (row.pss()) {
                fragments.add("at Pod Security level \"" + level.value() + "\" (SparkPolicy " + ns + ")");
            } else if (row.finding().contains("SparkPolicy")) {
                fragments.add("SparkPolicy " + ns);
            }
            expect = new Expect(false, List.copyOf(fragments), "hostile " + what, row.name(), kind + ": refused");
        }
        if (pod) {
            boolean ephemeral = slot == Slot.POD_EPHEMERAL;
            // Metadata-only pod UPDATEs are not re-checked (see SecurityTable): those rows are CREATEs.
            boolean update = ephemeral || (slot != Slot.POD_METADATA && random.nextBoolean());
            return podReview(level, update ? "UPDATE" : "CREATE", update ? before : null, after, ephemeral, expect);
        }
        if (random.nextInt(4) == 0) {
            return scheduled(level, after, expect);
        }
        boolean update = random.nextBoolean();
        return appReview(level, update ? "UPDATE" : "CREATE", update ? before : null, after, expect);
    }

    /** Where a row's field goes: the node it is written into and that node's path in the object. */
    private record Target(ObjectNode node, String prefix, String podContext, String main) {
    }

    private Target slot(ObjectNode object, Slot slot, String role, PodSecurityLevel level) {
        ObjectNode spec = (ObjectNode) object.get("spec");
        String r = "spec." + role;
        return switch (slot) {
            case POD_CONTAINER -> new Target((ObjectNode) spec.get("containers").get(0), "spec.containers[0]",
                    null, "spec.containers[0]");
            case POD_INIT -> added(spec, "initContainers", "spec", level);
            case POD_EPHEMERAL -> added(spec, "ephemeralContainers", "spec", level);
            case POD_SPEC -> new Target(spec, "spec", "securityContext", "spec.containers[0]");
            case POD_METADATA -> new Target((ObjectNode) object.get("metadata"), "metadata", null, null);
            case APP_ROLE -> new Target(role(spec, role), r, "podSecurityContext", r);
            case APP_SIDECAR -> added(role(spec, role), "sidecars", r, level);
            case APP_INIT -> added(role(spec, role), "initContainers", r, level);
            case APP_TEMPLATE_CONTAINER -> {
                ArrayNode containers = array(object(object(role(spec, role), "template"), "spec"), "containers");
                if (containers.isEmpty()) {
                    containers.addObject().put("name", "spark-kubernetes-" + role);
                }
                yield new Target((ObjectNode) containers.get(0), r + ".template.spec.containers[0]", null, r);
            }
            case APP_TEMPLATE_SPEC -> new Target(object(object(role(spec, role), "template"), "spec"),
                    r + ".template.spec", "securityContext", r);
            case APP_TEMPLATE_METADATA -> new Target(object(object(role(spec, role), "template"), "metadata"),
                    r + ".template.metadata", null, r);
            case APP_SPEC -> new Target(spec, "spec", null, r);
        };
    }

    /** A new container, compliant with the level, appended to {@code parent.list}. */
    private static Target added(ObjectNode parent, String list, String prefix, PodSecurityLevel level) {
        ArrayNode containers = array(parent, list);
        ObjectNode c = containers.addObject().put("name", "fuzz-" + containers.size()).put("image", "busybox:1.36");
        if (level == PodSecurityLevel.RESTRICTED) {
            c.set("securityContext", RESTRICTED_CONTAINER.deepCopy());
        }
        return new Target(c, prefix + "." + list + "[" + (containers.size() - 1) + "]", null, null);
    }

    private static String substitute(String path, Target t, String role, boolean pod) {
        String out = path.replace("$role", role);
        if (out.contains("$sc")) {
            out = out.replace("$sc", t.podContext());
        }
        if (out.contains("$main")) {
            out = out.replace("$main", pod ? "spec.containers[0]" : "spec." + role);
        }
        return out;
    }

    /** The base of {@code level}: at {@code restricted}, with the admin guide's security context on every part. */
    private ObjectNode compliant(Base base, PodSecurityLevel level) {
        return compliantBases.computeIfAbsent(base.name() + "@" + level, k -> makeCompliant(base, level)).deepCopy();
    }

    private static ObjectNode makeCompliant(Base base, PodSecurityLevel level) {
        ObjectNode o = base.object().deepCopy();
        ((ObjectNode) o.get("metadata")).put("namespace", namespace(level));
        if (level != PodSecurityLevel.RESTRICTED) {
            return o;
        }
        ObjectNode spec = (ObjectNode) o.get("spec");
        if (base.pod()) {
            spec.set("securityContext", RESTRICTED_POD.deepCopy());
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : spec.path(list)) {
                    ((ObjectNode) c).set("securityContext", RESTRICTED_CONTAINER.deepCopy());
                }
            }
            return o;
        }
        for (String role : List.of("driver", "executor")) {
            ObjectNode r = role(spec, role);
            r.set("podSecurityContext", RESTRICTED_POD.deepCopy());
            r.set("securityContext", RESTRICTED_CONTAINER.deepCopy());
        }
        return o;
    }

    /** The base with each hostPath volume an emptyDir (the one reason etl-daily fails baseline). */
    private static ObjectNode withoutHostPaths(ObjectNode object) {
        for (JsonNode v : object.path("spec").path("volumes")) {
            if (v.has("hostPath")) {
                ((ObjectNode) v).remove("hostPath");
                ((ObjectNode) v).putObject("emptyDir");
            }
        }
        return object;
    }

    private static ObjectNode readExample(String file) {
        try {
            return (ObjectNode) Json.yaml().readTree(Files.readString(Path.of("..", "examples", file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode role(ObjectNode spec, String role) {
        return object(spec, role);
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }

    private static ArrayNode array(ObjectNode parent, String name) {
        return parent.get(name) instanceof ArrayNode a ? a : parent.putArray(name);
    }

    /** How a denial shows a value: text as is, a list by its first element, a volume by its type. */
    private static String shown(JsonNode value) {
        if (value.isArray()) {
            return value.isEmpty() ? "" : value.get(0).asText();
        }
        if (value.isObject()) {
            for (var it = value.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("name") && !name.equals("containerPort")) {
                    return name;
                }
            }
            return "";
        }
        return value.asText();
    }

    private JsonNode parse(String yaml) {
        return parsed.computeIfAbsent(yaml, v -> Json.read(v, JsonNode.class));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private Case podReview(PodSecurityLevel level, String operation, JsonNode old, ObjectNode pod, boolean ephemeral,
                           Expect expect) {
        ObjectNode review = review("", "v1", "Pod", "pods", operation, level, pod, old);
        if (ephemeral) {
            ((ObjectNode) review.get("request")).put("subResource", "ephemeralcontainers");
        }
        return new Case("/validate/pods", review, expect);
    }

    private Case appReview(PodSecurityLevel level, String operation, JsonNode old, ObjectNode app, Expect expect) {
        return new Case("/validate/sparkapplications", review("sparkoperator.k8s.io", "v1beta2", "SparkApplication",
                "sparkapplications", operation, level, app, old), expect);
    }

    /** The app as a ScheduledSparkApplication's template: every path moves under {@code spec.template}. */
    private Case scheduled(PodSecurityLevel level, ObjectNode app, Expect expect) {
        ObjectNode s = F.objectNode().put("apiVersion", "sparkoperator.k8s.io/v1beta2")
                .put("kind", "ScheduledSparkApplication");
        s.set("metadata", app.get("metadata"));
        ObjectNode spec = s.putObject("spec").put("schedule", "@every 1h").put("concurrencyPolicy", "Forbid");
        spec.set("template", app.get("spec"));
        Expect moved = new Expect(expect.allowed(), expect.fragments().stream()
                .map(f -> f.startsWith("spec.") ? "spec.template." + f.substring(5) : f).toList(),
                expect.what() + " (scheduled)", expect.row(), expect.group());
        return new Case("/validate/scheduledsparkapplications", review("sparkoperator.k8s.io", "v1beta2",
                "ScheduledSparkApplication", "scheduledsparkapplications", "CREATE", level, s, null), moved);
    }

    private ObjectNode review(String group, String version, String kind, String resource, String operation,
                              PodSecurityLevel level, JsonNode object, JsonNode old) {
        ObjectNode review = F.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
        request.put("operation", operation).put("namespace", namespace(level))
                .put("name", object.path("metadata").path("name").asText()).put("dryRun", false);
        request.putObject("userInfo").put("username", "fuzz-tenant");
        request.set("object", object);
        if (old != null) {
            request.set("oldObject", old);
        }
        return review;
    }
}
