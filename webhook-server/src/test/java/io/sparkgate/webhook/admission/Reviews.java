package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.util.UUID;

/** AdmissionReview requests shaped as the Kubernetes API server sends them, for tests. */
public final class Reviews {
    private Reviews() {
    }

    /** A pod CREATE review in {@code namespace}. */
    public static ObjectNode podCreate(JsonNode pod, String namespace) {
        return review("", "v1", "Pod", "pods", "CREATE", namespace, pod);
    }

    /** A review of any kind and operation. */
    public static ObjectNode review(String group, String version, String kind, String resource, String operation,
                                    String namespace, JsonNode object) {
        ObjectNode review = Json.mapper().createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
        request.put("operation", operation);
        request.put("namespace", namespace);
        request.put("name", object == null ? "" : object.path("metadata").path("name").asText(""));
        request.putObject("userInfo").put("username", "system:serviceaccount:spark:sparkgate-operator");
        if (object != null && !"DELETE".equals(operation)) {
            request.set("object", object.deepCopy());
        }
        if (object != null && "DELETE".equals(operation)) {
            request.set("oldObject", object.deepCopy());
        }
        request.put("dryRun", false);
        return review;
    }

    /** The request's uid. */
    public static String uid(JsonNode review) {
        return review.path("request").path("uid").asText();
    }

    /** The AdmissionCall the codec reads from a review. */
    public static AdmissionCall call(JsonNode review) throws InvalidAdmissionReview {
        return new AdmissionCodec().decode(Json.write(review).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
