package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What kube-apiserver serves beside the objects, enough for the real kubectl and client-go: {@code /version},
 * legacy discovery ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}) of the
 * built-in resources the emulation stores and of every installed CRD, and OpenAPI v3 ({@code /openapi/v3} and one
 * document per group version) whose PATCH operations declare the {@code fieldValidation} parameter, so kubectl
 * leaves field validation to the server, which the emulation does with the CRDs' structural schemas.
 */
final class ServerDocuments {
    /** The Kubernetes version the emulation answers as (the kubectl the project tests with is 1.33). */
    static final String GIT_VERSION = "v1.33.0-sparkgate-emulation";

    /** One built-in resource: where it lives and how kubectl names it. */
    private record BuiltIn(String group, String version, String plural, String singular, String kind,
                           boolean namespaced, List<String> shortNames, List<String> subresources) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");
    private static final List<BuiltIn> BUILT_IN = List.of(
            new BuiltIn("", "v1", "pods", "pod", "Pod", true, List.of("po"), List.of("status", "log",
                    "ephemeralcontainers")),
            new BuiltIn("", "v1", "services", "service", "Service", true, List.of("svc"), List.of("status")),
            new BuiltIn("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of()),
            new BuiltIn("", "v1", "secrets", "secret", "Secret", true, List.of(), List.of()),
            new BuiltIn("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), List.of("status")),
            new BuiltIn("", "v1", "events", "event", "Event", true, List.of("ev"), List.of()),
            new BuiltIn("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"),
                    List.of()),
            new BuiltIn("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, List.of("quota"),
                    List.of("status")),
            new BuiltIn("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true,
                    List.of("pvc"), List.of("status")),
            new BuiltIn("", "v1", "nodes", "node", "Node", false, List.of("no"), List.of("status")),
            new BuiltIn("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"),
                    List.of("status")),
            new BuiltIn("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of()),
            new BuiltIn("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of()),
            new BuiltIn("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
                    List.of("pdb"), List.of("status")),
            new BuiltIn("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
                    "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false, List.of(), List.of()),
            new BuiltIn("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
                    "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", false, List.of(), List.of()),
            new BuiltIn("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
                    "CustomResourceDefinition", false, List.of("crd", "crds"), List.of("status")));

    private final ApiDiscovery discovery;

    ServerDocuments(ApiDiscovery discovery) {
        this.discovery = discovery;
    }

    /** The document at a path that names no resource, if the emulation serves one. */
    Optional<String> at(String path, String host) {
        String p = path.replaceAll("/+$", "");
        if (p.equals("/version")) {
            return Optional.of(version());
        }
        if (p.equals("/api")) {
            ObjectNode versions = Json.mapper().createObjectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                    .put("serverAddress", host);
            return Optional.of(Json.write(versions));
        }
        if (p.equals("/apis")) {
            return Optional.of(groups());
        }
        if (p.equals("/openapi/v3")) {
            return Optional.of(openApiIndex());
        }
        if (p.startsWith("/openapi/v3/")) {
            return openApi(p.substring("/openapi/v3/".length()));
        }
        String[] parts = p.replaceAll("^/+", "").split("/");
        if (parts.length == 2 && parts[0].equals("api")) {
            return builtInResources("", parts[1]);
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return builtInResources(parts[1], parts[2]);
        }
        return Optional.empty();
    }

    private static String version() {
        ObjectNode v = Json.mapper().createObjectNode().put("major", "1").put("minor", "33")
                .put("gitVersion", GIT_VERSION).put("gitCommit", "0000000000000000000000000000000000000000")
                .put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
                .put("goVersion", "go1.24").put("compiler", "gc").put("platform", "linux/amd64");
        return Json.write(v);
    }

    /** Every group version served: the built-in ones, then the CRDs', in a stable order. */
    private Map<String, Set<String>> groupVersions() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (BuiltIn b : BUILT_IN) {
            if (!b.group().isEmpty()) {
                out.computeIfAbsent(b.group(), g -> new LinkedHashSet<>()).add(b.version());
            }
        }
        for (JsonNode crd : discovery.crds()) {
            JsonNode spec = crd.path("spec");
            for (JsonNode v : spec.path("versions")) {
                if (v.path("served").asBoolean(true)) {
                    out.computeIfAbsent(spec.path("group").asText(), g -> new LinkedHashSet<>())
                            .add(v.path("name").asText());
                }
            }
        }
        return out;
    }

    private String groups() {
        ObjectNode list = Json.mapper().createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        groupVersions().forEach((group, versions) -> {
            ObjectNode g = groups.addObject().put("name", group);
            ArrayNode vs = g.putArray("versions");
            versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
            String preferred = versions.iterator().next();
            g.putObject("preferredVersion").put("groupVersion", group + "/" + preferred).put("version", preferred);
        });
        return Json.write(list);
    }

    private Optional<String> builtInResources(String group, String version) {
        List<BuiltIn> served = BUILT_IN.stream().filter(b -> b.group().equals(group) && b.version().equals(version))
                .toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode list = Json.mapper().createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", served.get(0).groupVersion());
        ArrayNode resources = list.putArray("resources");
        for (BuiltIn b : served) {
            ObjectNode r = resources.addObject().put("name", b.plural()).put("singularName", b.singular())
                    .put("namespaced", b.namespaced()).put("kind", b.kind());
            VERBS.forEach(r.putArray("verbs")::add);
            if (!b.shortNames().isEmpty()) {
                b.shortNames().forEach(r.putArray("shortNames")::add);
            }
            for (String sub : b.subresources()) {
                ObjectNode s = resources.addObject().put("name", b.plural() + "/" + sub).put("singularName", "")
                        .put("namespaced", b.namespaced()).put("kind", sub.equals("log") ? "Pod" : b.kind());
                (sub.equals("log") ? List.of("get") : List.of("get", "patch", "update")).forEach(
                        s.putArray("verbs")::add);
            }
        }
        return Optional.of(Json.write(list));
    }

    /** The OpenAPI v3 index: one entry per group version, as {@code /openapi/v3} lists them. */
    private String openApiIndex() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode paths = root.putObject("paths");
        paths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1?hash=" + hash("api/v1"));
        groupVersions().forEach((group, versions) -> versions.forEach(v -> {
            String key = "apis/" + group + "/" + v;
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(key));
        }));
        return Json.write(root);
    }

    // Changes when the served kinds change, as kube-apiserver's etag-like hash does.
    private String hash(String key) {
        return Integer.toHexString((key + discovery.crds().stream().map(c -> c.path("metadata")
                .path("resourceVersion").asText()).toList()).hashCode());
    }

    /** The OpenAPI v3 document of one group version ({@code api/v1} or {@code apis/<group>/<version>}). */
    private Optional<String> openApi(String groupVersionPath) {
        String[] parts = groupVersionPath.split("/");
        String group;
        String version;
        if (parts.length == 2 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
        } else if (parts.length == 3 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
        } else {
            return Optional.empty();
        }
        List<Kind> kinds = new ArrayList<>();
        BUILT_IN.stream().filter(b -> b.group().equals(group) && b.version().equals(version))
                .forEach(b -> kinds.add(new Kind(b.plural(), b.kind(), b.namespaced(), null)));
        for (JsonNode crd : discovery.crds()) {
            JsonNode spec = crd.path("spec");
            for (JsonNode v : spec.path("versions")) {
                if (spec.path("group").asText().equals(group) && v.path("name").asText().equals(version)) {
                    kinds.add(new Kind(spec.path("names").path("plural").asText(),
                            spec.path("names").path("kind").asText(),
                            "Namespaced".equals(spec.path("scope").asText()),
                            v.path("schema").path("openAPIV3Schema")));
                }
            }
        }
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = Json.mapper().createObjectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", GIT_VERSION);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        for (Kind k : kinds) {
            String schemaName = schemaName(group, version, k.kind());
            String collection = prefix + (k.namespaced() ? "/namespaces/{namespace}/" : "/") + k.plural();
            ObjectNode item = paths.putObject(collection + "/{name}");
            for (String verb : List.of("get", "put", "patch", "delete")) {
                operation(item, verb, group, version, k.kind(), schemaName);
            }
            ObjectNode list = paths.putObject(collection);
            operation(list, "get", group, version, k.kind(), schemaName);
            operation(list, "post", group, version, k.kind(), schemaName);
            ObjectNode schema = k.schema() instanceof ObjectNode s ? s.deepCopy()
                    : Json.mapper().createObjectNode().put("type", "object")
                    .put("x-kubernetes-preserve-unknown-fields", true);
            schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", group)
                    .put("version", version).put("kind", k.kind());
            schemas.set(schemaName, schema);
        }
        return Optional.of(Json.write(doc));
    }

    private record Kind(String plural, String kind, boolean namespaced, JsonNode schema) {
    }

    private static void operation(ObjectNode path, String verb, String group, String version, String kind,
                                  String schemaName) {
        ObjectNode op = path.putObject(verb);
        op.put("operationId", verb + kind);
        op.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version)
                .put("kind", kind);
        ArrayNode parameters = op.putArray("parameters");
        if (verb.equals("patch") || verb.equals("put") || verb.equals("post")) {
            for (String name : List.of("dryRun", "fieldManager", "fieldValidation")) {
                parameters.addObject().put("name", name).put("in", "query").putObject("schema")
                        .put("type", "string");
            }
        }
        op.putObject("responses").putObject("200").putObject("content").putObject("application/json")
                .putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
    }

    private static String schemaName(String group, String version, String kind) {
        String g = group.isEmpty() ? "core" : group;
        List<String> parts = new ArrayList<>(List.of(g.split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + "." + version + "." + kind;
    }
}
