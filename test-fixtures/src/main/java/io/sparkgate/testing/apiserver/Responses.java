package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.sparkgate.api.Json;
import java.util.List;

/** Responses of the emulated API server: Kubernetes Status objects and Warning headers. */
final class Responses {

    private Responses() {
    }

    /** A failure Status with the given code, reason and message. */
    static MockResponse status(int code, String reason, String message, List<String> warnings) {
        MockResponse response = new MockResponse().setResponseCode(code).setBody(statusJson(code, reason, message))
                .setHeader("Content-Type", "application/json");
        return withWarnings(response, warnings);
    }

    /** The JSON of a failure Status (also the object of a watch's ERROR event). */
    static String statusJson(int code, String reason, String message) {
        ObjectNode status = Json.mapper().createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message);
        if (reason != null && !reason.isEmpty()) {
            status.put("reason", reason);
        }
        status.put("code", code);
        return Json.write(status);
    }

    /** A JSON answer. */
    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** A list of objects already in JSON, at a resourceVersion. */
    static MockResponse list(List<String> items, long resourceVersion) {
        return list(items, resourceVersion, null);
    }

    /** One page of a list: {@code continueToken} (null on the last page) asks for the next. */
    static MockResponse list(List<String> items, long resourceVersion, String continueToken) {
        StringBuilder sb = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",")
                .append("\"metadata\":{\"resourceVersion\":\"").append(resourceVersion).append('"');
        if (continueToken != null) {
            sb.append(",\"continue\":").append(Json.write(continueToken));
        }
        sb.append("},\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(items.get(i));
        }
        return json(200, sb.append("]}").toString());
    }

    /** 404 for an object path, worded as kube-apiserver words it. */
    static MockResponse notFound(ResourcePath path) {
        return status(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found", List.of());
    }

    /** Adds one {@code Warning: 299 - "<text>"} header per warning, as kube-apiserver echoes webhook warnings. */
    static MockResponse withWarnings(MockResponse response, List<String> warnings) {
        for (String warning : warnings) {
            String escaped = warning.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ");
            response.addHeader("Warning", "299 - \"" + escaped + "\"");
        }
        return response;
    }
}
