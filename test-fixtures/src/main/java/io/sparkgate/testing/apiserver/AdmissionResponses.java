package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the {@code response} member of an AdmissionReview v1 as kube-apiserver interprets it. */
final class AdmissionResponses {

    private AdmissionResponses() {
    }

    /** An allowed answer with its decoded patch, a denial, or a failure when the answer is malformed. */
    static WebhookResult read(JsonNode response) {
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (!response.path("allowed").asBoolean(false)) {
            JsonNode status = response.path("status");
            return new WebhookResult.Denied(status.path("code").asInt(0), status.path("reason").asText(""),
                    status.path("message").asText(""), List.copyOf(warnings));
        }
        JsonNode patch = response.path("patch");
        if (patch.isMissingNode() || patch.isNull() || patch.asText().isEmpty()) {
            return new WebhookResult.Allowed(null, List.copyOf(warnings));
        }
        if (!"JSONPatch".equals(response.path("patchType").asText())) {
            return new WebhookResult.Failed("webhook returned response.patch but not response.patchType=JSONPatch");
        }
        try {
            JsonNode ops = Json.mapper().readTree(Base64.getDecoder().decode(patch.asText()));
            if (!ops.isArray()) {
                return new WebhookResult.Failed("webhook returned a patch that is not a JSON array");
            }
            return new WebhookResult.Allowed(ops, List.copyOf(warnings));
        } catch (IOException | IllegalArgumentException e) {
            return new WebhookResult.Failed("webhook returned an undecodable response.patch: " + e.getMessage());
        }
    }
}
