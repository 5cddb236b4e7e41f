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
        ObjectNode status = Json.mapper().createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message);
        if (reason != null && !reason.isEmpty()) {
            status.put("reason", reason);
        }
        status.put("code", code);
        MockResponse response = new MockResponse().setResponseCode(code).setBody(Json.write(status))
                .setHeader("Content-Type", "application/json");
        return withWarnings(response, warnings);
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
