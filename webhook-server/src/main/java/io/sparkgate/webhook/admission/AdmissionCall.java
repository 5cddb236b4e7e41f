package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.Operation;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionRequest sparkgate acts on, read once from the request body.
 *
 * @param uid         {@code request.uid}, echoed in the response
 * @param group       {@code request.kind.group} ({@code ""} for core objects such as pods)
 * @param kind        {@code request.kind.kind}
 * @param operation   {@code request.operation}: CREATE, UPDATE, DELETE or CONNECT
 * @param namespace   {@code request.namespace}, or {@code ""} for cluster-scoped objects
 * @param name        {@code request.name}, falling back to the object's name or generateName (pods often have none)
 * @param dryRun      {@code request.dryRun}: when true the webhook must have no side effects
 * @param object      {@code request.object}, or a missing node (DELETE carries none)
 * @param oldObject   {@code request.oldObject} (UPDATE and DELETE), or a missing node
 * @param subResource {@code request.subResource} ({@code ephemeralcontainers} for {@code kubectl debug}), or
 *                    {@code ""} for the resource itself
 */
public record AdmissionCall(String uid, String group, String kind, String operation, String namespace, String name,
                            boolean dryRun, JsonNode object, JsonNode oldObject, String subResource) {

    /** A request for the resource itself, not a subresource. */
    public AdmissionCall(String uid, String group, String kind, String operation, String namespace, String name,
                         boolean dryRun, JsonNode object, JsonNode oldObject) {
        this(uid, group, kind, operation, namespace, name, dryRun, object, oldObject, "");
    }

    /** An absent subresource reads as the resource itself. */
    public AdmissionCall {
        subResource = subResource == null ? "" : subResource;
    }

    /** What the policy engine reads from this request: operation, namespace, objects as trees, dryRun. */
    public AdmissionInput input() {
        return new AdmissionInput(Operation.of(operation), namespace, present(object), present(oldObject),
                dryRun);
    }

    /** Whether the operation is one the policy engine knows (CREATE, UPDATE, DELETE, CONNECT). */
    public boolean knownOperation() {
        return switch (operation) {
            case "CREATE", "UPDATE", "DELETE", "CONNECT" -> true;
            default -> false;
        };
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node;
    }

    /** Whether the request is about an object of this API group and kind. */
    public boolean is(String expectedGroup, String expectedKind) {
        return expectedGroup.equals(group) && expectedKind.equals(kind);
    }

    /** The value of a label of {@code request.object}, or null when absent. */
    public String label(String key) {
        JsonNode value = object.path("metadata").path("labels").path(key);
        return value.isTextual() ? value.textValue() : null;
    }

    /** The value of a label of {@code request.oldObject} (UPDATE, DELETE), or null when absent. */
    public String oldLabel(String key) {
        JsonNode value = oldObject == null ? null : oldObject.path("metadata").path("labels").path(key);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** The Spark role label of the object ({@code driver}, {@code executor}), or {@code "-"} for logs. */
    public String roleForLogs() {
        String role = label(SparkLabels.SPARK_ROLE);
        return role == null ? "-" : role;
    }
}
