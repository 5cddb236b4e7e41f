package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.util.Locale;

/**
 * Computes the object a PATCH asks for, so admission sees the result as kube-apiserver's does. JSON Patch and JSON
 * Merge Patch are exact; strategic merge patch and server-side apply are approximated by a merge patch (lists are
 * replaced, not merged by key, and fields another manager set are not tracked).
 */
final class ObjectPatcher {

    private ObjectPatcher() {
    }

    /** Whether the content type is server-side apply ({@code application/apply-patch+yaml}). */
    static boolean isApply(String contentType) {
        return subtype(contentType).equals("apply-patch+yaml");
    }

    /** Reads a request body as JSON, or as YAML for server-side apply; a clear 400 when it is neither. */
    static JsonNode readBody(String body, String contentType) {
        try {
            JsonNode node = isApply(contentType) || subtype(contentType).endsWith("yaml")
                    ? Json.yaml().readTree(body) : Json.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new StatusException(400, "BadRequest", "the request body is empty");
            }
            return node;
        } catch (IOException e) {
            throw new StatusException(400, "BadRequest", "the request body is not valid "
                    + (isApply(contentType) ? "YAML" : "JSON") + ": " + firstLine(e.getMessage()));
        }
    }

    /** Applies a PATCH body of the given content type to the stored object. */
    static JsonNode apply(JsonNode stored, String body, String contentType) {
        String subtype = subtype(contentType);
        JsonNode patch = readBody(body, contentType);
        try {
            return switch (subtype) {
                case "json-patch+json" -> JsonPatch.fromJson(patch).apply(stored);
                case "merge-patch+json", "strategic-merge-patch+json", "apply-patch+yaml" ->
                        JsonMergePatch.fromJson(patch).apply(stored);
                default -> throw new StatusException(415, "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media types include: "
                                + "application/json-patch+json, application/merge-patch+json, "
                                + "application/apply-patch+yaml");
            };
        } catch (IOException | JsonPatchException e) {
            throw new StatusException(422, "Invalid", "the patch could not be applied: " + firstLine(e.getMessage()));
        }
    }

    private static String subtype(String contentType) {
        if (contentType == null) {
            return "";
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        return slash < 0 ? type : type.substring(slash + 1);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
