package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.sparkgate.api.Json;
import io.sparkgate.testing.SparkFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionCodecTest {
    private final AdmissionCodec codec = new AdmissionCodec();

    private static byte[] bytes(Object json) {
        return (json instanceof String s ? s : Json.write(json)).getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode driverReview() {
        return Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI), "default");
    }

    @Test
    void readsWhatTheApiServerSends() throws Exception {
        ObjectNode review = driverReview();
        ((ObjectNode) review.get("request")).put("dryRun", true);
        AdmissionCall call = codec.decode(bytes(review));
        assertThat(call.uid()).isEqualTo(Reviews.uid(review));
        assertThat(call.is("", "Pod")).isTrue();
        assertThat(call.operation()).isEqualTo("CREATE");
        assertThat(call.namespace()).isEqualTo("default");
        assertThat(call.name()).isEqualTo("spark-pi-0a5959a1ff7da1b7-driver");
        assertThat(call.dryRun()).isTrue();
        assertThat(call.roleForLogs()).isEqualTo("driver");
    }

    @Test
    void namesEachMalformedBody() {
        ObjectNode wrongVersion = driverReview().put("apiVersion", "admission.k8s.io/v1beta1");
        ObjectNode wrongKind = driverReview().put("kind", "Pod");
        ObjectNode noRequest = driverReview();
        noRequest.remove("request");
        ObjectNode noUid = driverReview();
        ((ObjectNode) noUid.get("request")).remove("uid");
        ObjectNode blankUid = driverReview();
        ((ObjectNode) blankUid.get("request")).put("uid", " ");
        assertRejected("{not json", "not_json", "not valid JSON");
        assertRejected("[1,2]", "not_json", "must be a JSON object");
        assertRejected("", "not_json", "must be a JSON object");
        assertRejected(wrongVersion, "wrong_api_version", "apiVersion must be admission.k8s.io/v1, got \"admission.k8s.io/v1beta1\"");
        assertRejected(wrongKind, "wrong_kind", "kind must be AdmissionReview, got \"Pod\"");
        assertRejected(noRequest, "no_request", "has no request");
        assertRejected(noUid, "no_uid", "request.uid is missing");
        assertRejected(blankUid, "no_uid", "request.uid is missing");
    }

    private void assertRejected(Object body, String reason, String message) {
        assertThatThrownBy(() -> codec.decode(bytes(body)))
                .isInstanceOfSatisfying(InvalidAdmissionReview.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    @Test
    void patchAndPatchTypeComeTogether() throws Exception {
        var patch = Json.mapper().createArrayNode();
        patch.addObject().put("op", "add").put("path", "/metadata/labels/x").put("value", "y");
        JsonNode patched = Json.mapper().readTree(codec.encode("u1", new AdmissionOutcome.Patched(patch, List.of())));
        assertThat(patched.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(patched.get("kind").asText()).isEqualTo("AdmissionReview");
        JsonNode response = patched.get("response");
        assertThat(response.get("uid").asText()).isEqualTo("u1");
        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
        assertThat(Json.mapper().readTree(Base64.getDecoder().decode(response.get("patch").asText())))
                .isEqualTo(patch);
        assertThat(response.has("status")).isFalse();

        JsonNode allowed = Json.mapper().readTree(codec.encode("u2", new AdmissionOutcome.Allowed(List.of())))
                .get("response");
        assertThat(allowed.has("patch")).isFalse();
        assertThat(allowed.has("patchType")).isFalse();
        assertThat(allowed.has("warnings")).isFalse();
        assertThat(allowed.get("allowed").asBoolean()).isTrue();
    }

    @Test
    void denialCarriesCodeAndMessage() throws Exception {
        byte[] body = codec.encode("u3", new AdmissionOutcome.Denied(403, "Forbidden",
                "tenant team-a would use 12 cores of its 10", List.of()));
        AdmissionReview review = Json.mapper().readValue(body, AdmissionReview.class);
        assertThat(review.getResponse().getAllowed()).isFalse();
        assertThat(review.getResponse().getPatch()).isNull();
        assertThat(review.getResponse().getStatus().getCode()).isEqualTo(403);
        assertThat(review.getResponse().getStatus().getReason()).isEqualTo("Forbidden");
        assertThat(review.getResponse().getStatus().getMessage()).isEqualTo("tenant team-a would use 12 cores of its 10");
    }

    @Test
    void warningsAreSingleLinesOfAtMost120Characters() {
        String longOne = "spec.driver.configMaps[0]: " + "x".repeat(200);
        List<String> warnings = AdmissionCodec.warnings(List.of(longOne, "two\nlines", "two\nlines", " ", "short"));
        assertThat(warnings).hasSize(3).allSatisfy(w -> assertThat(w).hasSizeLessThanOrEqualTo(120).doesNotContain("\n"));
        assertThat(warnings.get(0)).hasSize(120).startsWith("spec.driver.configMaps[0]: xxx").endsWith("...");
        assertThat(warnings.get(1)).isEqualTo("two lines");
        assertThat(AdmissionCodec.warnings(List.of())).isNull();
    }
}
