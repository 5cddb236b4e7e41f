package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What {@link IndexedStore} knows of resources beyond their objects: which have a status subresource (the built-in
 * ones that do, and every CRD version that declares one) and the discovery document of each CRD group version
 * ({@code GET /apis/<group>/<version>}, an APIResourceList), which clients read to find a custom resource's plural
 * and scope. Kind keys are {@code <apiVersion>/<plural>}: {@code v1/pods}, {@code sparkoperator.k8s.io/v1beta2/...}.
 */
final class ApiDiscovery {
    private static final Set<String> BUILT_IN_STATUS = Set.of("v1/pods", "v1/services", "v1/namespaces",
            "v1/nodes", "v1/persistentvolumeclaims", "v1/persistentvolumes", "v1/resourcequotas",
            "v1/replicationcontrollers", "apps/v1/deployments", "apps/v1/statefulsets", "apps/v1/daemonsets",
            "apps/v1/replicasets", "batch/v1/jobs", "batch/v1/cronjobs", "policy/v1/poddisruptionbudgets",
            "networking.k8s.io/v1/ingresses", "autoscaling/v2/horizontalpodautoscalers",
            "apiextensions.k8s.io/v1/customresourcedefinitions");
    private static final String CRDS = "apiextensions.k8s.io/v1/customresourcedefinitions";
    /** Plural → kind of the built-in resources clients here watch. */
    private static final Map<String, String> BUILT_IN_KINDS = Map.ofEntries(Map.entry("pods", "Pod"),
            Map.entry("namespaces", "Namespace"), Map.entry("resourcequotas", "ResourceQuota"),
            Map.entry("configmaps", "ConfigMap"), Map.entry("secrets", "Secret"), Map.entry("services", "Service"),
            Map.entry("events", "Event"), Map.entry("nodes", "Node"), Map.entry("serviceaccounts", "ServiceAccount"),
            Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"), Map.entry("leases", "Lease"),
            Map.entry("ingresses", "Ingress"), Map.entry("deployments", "Deployment"),
            Map.entry("customresourcedefinitions", "CustomResourceDefinition"),
            Map.entry("mutatingwebhookconfigurations", "MutatingWebhookConfiguration"),
            Map.entry("validatingwebhookconfigurations", "ValidatingWebhookConfiguration"));
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");

    /** CRD name → the CRD as last stored. */
    private final Map<String, JsonNode> crds = new ConcurrentHashMap<>();
    private final Set<String> statusSubresource = ConcurrentHashMap.newKeySet();

    /** Every stored CRD. */
    java.util.Collection<JsonNode> crds() {
        return crds.values();
    }

    /** The stored CRD serving {@code <group>/<version>/<plural>}, if any. */
    java.util.Optional<JsonNode> crd(String group, String plural) {
        return java.util.Optional.ofNullable(crds.get(plural + "." + group));
    }

    /** The kind key of a path. */
    static String kind(ResourcePath path) {
        return path.apiVersion() + "/" + path.resource();
    }

    /** Whether objects of the kind key are CustomResourceDefinitions. */
    static boolean isCrd(String kind) {
        return kind.equals(CRDS);
    }

    /** Whether writes to the kind have a separate {@code /status}. */
    boolean hasStatus(String kind) {
        return BUILT_IN_STATUS.contains(kind) || statusSubresource.contains(kind);
    }

    /** Takes note of a stored CRD (created or updated). */
    void stored(JsonNode crd) {
        removed(crd);
        crds.put(crd.path("metadata").path("name").asText(), crd);
        forEachVersion(crd, (key, version) -> {
            if (version.path("subresources").has("status")) {
                statusSubresource.add(key);
            }
        });
    }

    /**
     * The kind of the objects under a kind key ({@code v1/pods} → {@code Pod}): a built-in one, or a stored CRD's
     * {@code names.kind}; empty when unknown.
     */
    java.util.Optional<String> kindName(String kindKey) {
        String plural = kindKey.substring(kindKey.lastIndexOf('/') + 1);
        String builtIn = BUILT_IN_KINDS.get(plural);
        if (builtIn != null) {
            return java.util.Optional.of(builtIn);
        }
        for (JsonNode crd : crds.values()) {
            String[] found = {null};
            forEachVersion(crd, (key, version) -> {
                if (key.equals(kindKey)) {
                    found[0] = crd.path("spec").path("names").path("kind").asText();
                }
            });
            if (found[0] != null) {
                return java.util.Optional.of(found[0]);
            }
        }
        return java.util.Optional.empty();
    }

    /** Forgets every CRD (a wiped or restored store). */
    void clear() {
        crds.clear();
        statusSubresource.clear();
    }

    /** Forgets a deleted CRD (or the previous version of an updated one). */
    void removed(JsonNode crd) {
        JsonNode old = crds.remove(crd.path("metadata").path("name").asText());
        if (old != null) {
            forEachVersion(old, (key, version) -> statusSubresource.remove(key));
        }
    }

    /** The APIResourceList of a group version of custom resources, null when no CRD serves it. */
    String resources(String group, String version) {
        ArrayNode resources = Json.mapper().createArrayNode();
        for (JsonNode crd : crds.values()) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            for (JsonNode v : spec.path("versions")) {
                if (spec.path("group").asText().equals(group) && v.path("name").asText().equals(version)) {
                    ObjectNode r = resources.addObject().put("name", names.path("plural").asText())
                            .put("singularName", names.path("singular").asText())
                            .put("namespaced", "Namespaced".equals(spec.path("scope").asText()))
                            .put("kind", names.path("kind").asText());
                    VERBS.forEach(r.putArray("verbs")::add);
                    if (names.has("shortNames")) {
                        r.set("shortNames", names.get("shortNames"));
                    }
                    if (v.path("subresources").has("status")) {
                        resources.addObject().put("name", names.path("plural").asText() + "/status")
                                .put("singularName", "").put("namespaced", r.get("namespaced").asBoolean())
                                .put("kind", names.path("kind").asText())
                                .putArray("verbs").add("get").add("patch").add("update");
                    }
                }
            }
        }
        if (resources.isEmpty()) {
            return null;
        }
        ObjectNode list = Json.mapper().createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group + "/" + version);
        list.set("resources", resources);
        return Json.write(list);
    }

    private static void forEachVersion(JsonNode crd, BiConsumer<String, JsonNode> visitor) {
        JsonNode spec = crd.path("spec");
        for (JsonNode version : spec.path("versions")) {
            visitor.accept(spec.path("group").asText() + "/" + version.path("name").asText() + "/"
                    + spec.path("names").path("plural").asText(), version);
        }
    }
}
