package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * kube-apiserver's rules for the metadata it owns, as {@link IndexedStore} applies them: what a create sets (uid,
 * creationTimestamp, generation 1, a name from generateName), what an update cannot change, when generation moves
 * (a change outside metadata, and outside status where status is a subresource), and that deleting an object with
 * finalizers only marks it (deletionTimestamp) until an update removes the last one.
 */
final class ObjectMetadata {
    private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final List<String> KEPT_ON_UPDATE = List.of("uid", "creationTimestamp", "namespace", "name",
            "generation", "deletionTimestamp", "deletionGracePeriodSeconds");

    private ObjectMetadata() {
    }

    /** A name from generateName: the prefix and five random characters of kube-apiserver's alphabet. */
    static String generateName(String prefix, Random random) {
        StringBuilder name = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            name.append(GENERATE_ALPHABET.charAt(random.nextInt(GENERATE_ALPHABET.length())));
        }
        return name.toString();
    }

    /**
     * The object to store for a create, in the namespace of the path (null for cluster-scoped); its name is empty
     * when the body has neither name nor generateName.
     */
    static ObjectNode created(ObjectNode body, String namespace, String uid, String now, Random random) {
        ObjectNode object = withOwnMetadata(body);
        ObjectNode metadata = object.withObjectProperty("metadata");
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        if (metadata.path("name").asText("").isEmpty() && !metadata.path("generateName").asText("").isEmpty()) {
            metadata.put("name", generateName(metadata.get("generateName").asText(), random));
        }
        metadata.put("uid", uid).put("creationTimestamp", now).put("generation", 1);
        metadata.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"));
        return object;
    }

    /** The object to store for an update of the object itself. */
    static ObjectNode updated(ObjectNode body, ObjectNode old, boolean statusSubresource) {
        ObjectNode next = withOwnMetadata(body);
        ObjectNode metadata = next.withObjectProperty("metadata");
        JsonNode oldMetadata = old.path("metadata");
        for (String kept : KEPT_ON_UPDATE) {
            if (oldMetadata.has(kept)) {
                metadata.set(kept, oldMetadata.get(kept));
            } else {
                metadata.remove(kept);
            }
        }
        if (statusSubresource) {
            setOrRemove(next, "status", old.get("status"));
        }
        if (specChanged(next, old, statusSubresource)) {
            metadata.put("generation", oldMetadata.path("generation").asLong(0) + 1);
        }
        return next;
    }

    /** The object to store for an update of {@code /status}: the stored object with the sent status. */
    static ObjectNode statusUpdated(ObjectNode body, ObjectNode old) {
        setOrRemove(old, "status", body.get("status"));
        return old;
    }

    /** Whether an update changed nothing (kube-apiserver then writes nothing: same resourceVersion, no event). */
    static boolean unchanged(ObjectNode next, ObjectNode old) {
        JsonNode version = old.path("metadata").path("resourceVersion");
        next.withObjectProperty("metadata").set("resourceVersion", version);
        return next.equals(old);
    }

    /** Whether the object lists finalizers. */
    static boolean hasFinalizers(ObjectNode object) {
        return !object.path("metadata").path("finalizers").isEmpty();
    }

    /** Whether the object is marked for deletion. */
    static boolean terminating(ObjectNode object) {
        return object.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** Marks an object with finalizers for deletion. */
    static void markDeleted(ObjectNode object, String now) {
        object.withObjectProperty("metadata").put("deletionTimestamp", now).put("deletionGracePeriodSeconds", 0);
    }

    // A copy that shares everything with the body except metadata, which the store changes.
    private static ObjectNode withOwnMetadata(ObjectNode body) {
        ObjectNode object = body.objectNode();
        object.setAll(body);
        JsonNode metadata = body.get("metadata");
        object.set("metadata", metadata instanceof ObjectNode m ? m.deepCopy() : object.objectNode());
        return object;
    }

    private static boolean specChanged(ObjectNode next, ObjectNode old, boolean statusSubresource) {
        Iterator<Map.Entry<String, JsonNode>> fields = next.fields();
        int compared = 0;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (ignoredForGeneration(field.getKey(), statusSubresource)) {
                continue;
            }
            compared++;
            if (!field.getValue().equals(old.get(field.getKey()))) {
                return true;
            }
        }
        long oldCompared = old.properties().stream().filter(e -> !ignoredForGeneration(e.getKey(), statusSubresource))
                .count();
        return compared != oldCompared;
    }

    private static boolean ignoredForGeneration(String field, boolean statusSubresource) {
        return field.equals("metadata") || field.equals("apiVersion") || field.equals("kind")
                || statusSubresource && field.equals("status");
    }

    private static void setOrRemove(ObjectNode object, String field, JsonNode value) {
        if (value == null || value.isNull()) {
            object.remove(field);
        } else {
            object.set(field, value);
        }
    }
}
