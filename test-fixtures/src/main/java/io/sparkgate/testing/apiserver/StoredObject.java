package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * One object as {@link IndexedStore} keeps it: its JSON, written once per revision and served as it is, and what
 * lists and watches filter on. The tree is not kept (a run stores tens of thousands of pods); writes that need it
 * parse the JSON again.
 *
 * @param json      the object as stored, with its resourceVersion
 * @param version   its resourceVersion as a number
 * @param namespace its namespace, empty for a cluster-scoped object
 * @param name      its name
 * @param labels    its labels
 */
record StoredObject(String json, long version, String namespace, String name, Map<String, String> labels) {

    /** Gives the object the revision and serialises it. */
    static StoredObject of(ObjectNode object, long version) {
        ObjectNode metadata = object.withObjectProperty("metadata");
        metadata.put("resourceVersion", Long.toString(version));
        Map<String, String> labels = new HashMap<>();
        metadata.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new StoredObject(Json.write(object), version, metadata.path("namespace").asText(""),
                metadata.path("name").asText(""), labels);
    }

    /** A new, mutable tree of the object. */
    ObjectNode tree() {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored object is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether the object's metadata lists finalizers (checked on the text first: most objects have none). */
    boolean mayHaveFinalizers() {
        return json.contains("\"finalizers\"");
    }
}
