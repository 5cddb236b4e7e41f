package io.sparkgate.bench.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkgate.api.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A namespaced object store that answers the three calls the launcher makes — create (POST to a collection), get
 * and delete (an object path) — from a hash map keyed by object path, as kube-apiserver reads etcd by key. It
 * stands in for fabric8's CRUD mock, whose every request scans all stored objects (O(n) per request, so O(n²) for
 * a run), to measure the launcher without that artefact. Like the API server it assigns uid, resourceVersion and
 * creationTimestamp and answers 409 AlreadyExists; it does no admission, validation or defaulting, and has no
 * watches, lists or updates.
 */
final class IndexedStore extends Dispatcher {
    private final Map<String, String> objects = new ConcurrentHashMap<>();
    private final AtomicLong resourceVersion = new AtomicLong();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath().split("\\?", 2)[0];
        return switch (request.getMethod()) {
            case "POST" -> create(path, request.getUtf8Body());
            case "GET" -> found(objects.get(path), path);
            case "DELETE" -> found(objects.remove(path), path);
            default -> status(405, "MethodNotAllowed", request.getMethod() + " is not served by the indexed store");
        };
    }

    /** The number of stored objects. */
    int size() {
        return objects.size();
    }

    private MockResponse create(String collection, String body) {
        ObjectNode object;
        try {
            JsonNode parsed = Json.mapper().readTree(body);
            if (!(parsed instanceof ObjectNode o) || !o.path("metadata").path("name").isTextual()) {
                return status(422, "Invalid", "metadata.name: Required value");
            }
            object = o;
        } catch (JsonProcessingException e) {
            return status(400, "BadRequest", e.getOriginalMessage());
        }
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        String name = metadata.get("name").asText();
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
        metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String stored = Json.write(object);
        if (objects.putIfAbsent(collection + "/" + name, stored) != null) {
            return status(409, "AlreadyExists", "\"" + name + "\" already exists");
        }
        return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(stored);
    }

    private static MockResponse found(String stored, String path) {
        if (stored == null) {
            return status(404, "NotFound", path.substring(path.lastIndexOf('/') + 1) + " not found");
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(stored);
    }

    private static MockResponse status(int code, String reason, String message) {
        ObjectNode status = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Status")
                .put("status", "Failure").put("reason", reason).put("message", message).put("code", code);
        status.putObject("metadata");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Json.write(status));
    }
}
