package io.sparkgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;

/**
 * What the validators need from one AdmissionRequest, as raw JSON so that malformed objects become clear
 * {@code Invalid} decisions naming the field rather than codec errors.
 *
 * @param operation the request's operation
 * @param namespace the request's namespace (authoritative: the object's own may be empty at admission)
 * @param object    {@code request.object}; null on DELETE
 * @param oldObject {@code request.oldObject}; set on UPDATE and DELETE, else null
 * @param dryRun    {@code request.dryRun}: decide, but reserve and release nothing
 */
public record AdmissionInput(Operation operation, String namespace, JsonNode object, JsonNode oldObject,
                             boolean dryRun) {

    /** A CREATE of the given object (a model object or a JSON tree). */
    public static AdmissionInput create(String namespace, Object object) {
        return new AdmissionInput(Operation.CREATE, namespace, tree(object), null, false);
    }

    /** An UPDATE from {@code oldObject} to {@code object}. */
    public static AdmissionInput update(String namespace, Object oldObject, Object object) {
        return new AdmissionInput(Operation.UPDATE, namespace, tree(object), tree(oldObject), false);
    }

    /** A DELETE of the given object. */
    public static AdmissionInput delete(String namespace, Object oldObject) {
        return new AdmissionInput(Operation.DELETE, namespace, null, tree(oldObject), false);
    }

    /** The same request marked as a dry run. */
    public AdmissionInput asDryRun() {
        return new AdmissionInput(operation, namespace, object, oldObject, true);
    }

    private static JsonNode tree(Object o) {
        return o == null ? null : o instanceof JsonNode n ? n : Json.mapper().valueToTree(o);
    }
}
