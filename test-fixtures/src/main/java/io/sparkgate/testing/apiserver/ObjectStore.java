package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkgate.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The emulated etcd: fabric8's CRUD dispatcher, which keeps objects as JSON, assigns uid, resourceVersion and
 * generation, checks conflicts and feeds watches. Admission runs before anything reaches it.
 */
final class ObjectStore {
    private static final String JSON_TYPE = "application/json";

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();

    /** Hands a request to the store untouched (reads, deletes, watches and writes no webhook cares about). */
    MockResponse forward(RecordedRequest request) {
        return crud.dispatch(request);
    }

    /** The stored object at an object path, if any. */
    Optional<JsonNode> get(String objectPath) {
        MockResponse response = crud.handleGet(objectPath);
        if (response.code() != 200) {
            return Optional.empty();
        }
        return Optional.of(parse(body(response)));
    }

    /** The items stored under a collection path (all namespaces when the path names none). */
    List<JsonNode> list(String collectionPath) {
        MockResponse response = crud.handleGet(collectionPath);
        List<JsonNode> items = new ArrayList<>();
        if (response.code() == 200) {
            parse(body(response)).path("items").forEach(items::add);
        }
        return items;
    }

    /** Creates an object in a collection; the store answers 201 or a Status (409 if it exists). */
    MockResponse create(String collectionPath, JsonNode object) {
        return crud.handleCreate(request(HttpMethod.POST, collectionPath, object));
    }

    /** Replaces an object (or its status, for a {@code /status} path). */
    MockResponse update(String path, JsonNode object) {
        return crud.handleUpdate(request(HttpMethod.PUT, path, object));
    }

    /** The number of stored objects, for tests that check nothing was lost or added. */
    int size() {
        return crud.getMap().size();
    }

    private static RecordedRequest request(HttpMethod method, String path, JsonNode object) {
        Headers headers = Headers.builder().add("Content-Type", JSON_TYPE).build();
        Buffer body = new Buffer(Json.write(object).getBytes(StandardCharsets.UTF_8));
        return new RecordedRequest("HTTP/1.1", method, path, headers, body);
    }

    /** The body of a store response as text. */
    static String body(MockResponse response) {
        return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the store returned invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
