package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The attributes kube-apiserver's admission sees for one write: what is written, where, by whom and how. The
 * object itself changes as mutating webhooks patch it, so it is passed alongside, not held here.
 *
 * @param uid       the request's uid, echoed by webhooks
 * @param kind      kind of the object ({@code group}, {@code version}, {@code kind})
 * @param path      where it is written
 * @param operation CREATE or UPDATE
 * @param name      object name (may be empty for a create with generateName in old API servers)
 * @param userInfo  the requesting user ({@code username}, {@code groups})
 * @param oldObject the stored object an UPDATE replaces, null on CREATE
 * @param dryRun    whether the write is a dry run
 * @param options   CreateOptions, UpdateOptions or PatchOptions as sent to webhooks
 */
record AdmissionRequest(String uid, GroupVersionKind kind, ResourcePath path, String operation, String name,
                        ObjectNode userInfo, JsonNode oldObject, boolean dryRun, ObjectNode options) {

    /** A kind with its group and version. */
    record GroupVersionKind(String group, String version, String kind) {
        /** Parses {@code apiVersion} and {@code kind} of an object. */
        static GroupVersionKind of(JsonNode object) {
            String apiVersion = object.path("apiVersion").asText("");
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
            return new GroupVersionKind(group, version, object.path("kind").asText(""));
        }
    }

    /** The labels of the new object, empty when it has none. */
    static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        if (object != null) {
            object.path("metadata").path("labels").properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        return labels;
    }

    /** The {@code request} member of an AdmissionReview v1 for the object as it is now. */
    ObjectNode toJson(JsonNode object) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode r = f.objectNode();
        r.put("uid", uid);
        ObjectNode k = r.putObject("kind");
        k.put("group", kind.group()).put("version", kind.version()).put("kind", kind.kind());
        ObjectNode res = r.putObject("resource");
        res.put("group", path.group()).put("version", path.version()).put("resource", path.resource());
        if (path.subresource() != null) {
            r.put("subResource", path.subresource());
        }
        r.set("requestKind", k.deepCopy());
        r.set("requestResource", res.deepCopy());
        if (path.subresource() != null) {
            r.put("requestSubResource", path.subresource());
        }
        if (name != null) {
            r.put("name", name);
        }
        if (path.namespace() != null) {
            r.put("namespace", path.namespace());
        }
        r.put("operation", operation);
        r.set("userInfo", userInfo);
        r.set("object", object);
        r.set("oldObject", oldObject == null ? f.nullNode() : oldObject);
        r.put("dryRun", dryRun);
        r.set("options", options);
        return r;
    }
}
