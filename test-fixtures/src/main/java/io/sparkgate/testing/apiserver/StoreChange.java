package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.util.function.Predicate;

/**
 * One write to {@link IndexedStore} as watches see it: the object before and after, at one revision. Each watch
 * turns it into its own event the way kube-apiserver's watch cache does: ADDED when the object starts matching the
 * watch's selectors, MODIFIED while it keeps matching, DELETED (with the previous content at the new revision) when
 * it is deleted or stops matching. Event texts are built once and shared by every watch; only the store's write
 * lock touches them.
 */
final class StoreChange {
    private final String kind;
    private final long version;
    private final StoredObject previous;
    private final StoredObject current;
    private String added;
    private String modified;
    private String deleted;

    /**
     * @param kind     the kind key the object is stored under
     * @param version  the revision of the write
     * @param previous the object before, null for a create
     * @param current  the object after, null for a delete
     */
    StoreChange(String kind, long version, StoredObject previous, StoredObject current) {
        this.kind = kind;
        this.version = version;
        this.previous = previous;
        this.current = current;
    }

    String kind() {
        return kind;
    }

    long version() {
        return version;
    }

    /** The watch event for a watch with the given filter, null when the write does not concern it. */
    String eventFor(Predicate<StoredObject> filter) {
        boolean now = current != null && filter.test(current);
        boolean before = previous != null && filter.test(previous);
        if (now && before) {
            if (modified == null) {
                modified = event("MODIFIED", current.json());
            }
            return modified;
        }
        if (now) {
            if (added == null) {
                added = event("ADDED", current.json());
            }
            return added;
        }
        if (before) {
            if (deleted == null) {
                ObjectNode last = previous.tree();
                last.withObjectProperty("metadata").put("resourceVersion", Long.toString(version));
                deleted = event("DELETED", Json.write(last));
            }
            return deleted;
        }
        return null;
    }

    /** The ADDED event of a stored object, as a watch without a starting revision gets the current state. */
    static String added(StoredObject object) {
        return event("ADDED", object.json());
    }

    private static String event(String type, String objectJson) {
        return "{\"type\":\"" + type + "\",\"object\":" + objectJson + "}";
    }
}
