package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.AdmissionDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ValidatingHandlerTest {

    private static JsonNode sparkPi() throws Exception {
        return Json.yaml().readTree(Files.readString(Path.of("..", "examples", "spark-pi.yaml")));
    }

    private static AdmissionOutcome decide(AdmissionHandler handler, JsonNode review) throws Exception {
        return handler.handle(Reviews.call(review)).toCompletableFuture().get(1, TimeUnit.SECONDS);
    }

    private static JsonNode appReview(String operation, JsonNode app) {
        return Reviews.review("sparkoperator.k8s.io", "v1beta2", "SparkApplication", "sparkapplications", operation,
                "default", app);
    }

    @Test
    void theValidatorSeesTheTypedAppAndItsDecisionIsReturned() throws Exception {
        var handler = new ValidatingHandler<>(SparkApplication.GROUP, "SparkApplication", SparkApplication.class,
                Set.of("CREATE", "UPDATE"), call -> true, (call, app) -> app.getSpec().executor().instances() > 1
                        ? AdmissionDecision.deny("spec.executor.instances: " + app.getSpec().executor().instances()
                        + " is over this namespace's limit of 1") : AdmissionDecision.allow());

        AdmissionOutcome outcome = decide(handler, appReview("CREATE", sparkPi()));
        assertThat(outcome).isInstanceOfSatisfying(AdmissionOutcome.Denied.class, d -> {
            assertThat(d.code()).isEqualTo(403);
            assertThat(d.message()).isEqualTo("spec.executor.instances: 2 is over this namespace's limit of 1");
        });
        assertThat(decide(handler, appReview("DELETE", sparkPi()))).isInstanceOf(AdmissionOutcome.Skipped.class);
    }

    @Test
    void anUnreadableObjectIsDenied422NamingTheProblem() throws Exception {
        ObjectNode broken = (ObjectNode) sparkPi();
        ((ObjectNode) broken.get("spec")).put("driver", "not an object");
        var handler = new ValidatingHandler<>(SparkApplication.GROUP, "SparkApplication", SparkApplication.class,
                Set.of("CREATE"), call -> true, ObjectValidator.allowAll());
        assertThat(decide(handler, appReview("CREATE", broken))).isInstanceOfSatisfying(AdmissionOutcome.Denied.class,
                d -> {
                    assertThat(d.code()).isEqualTo(422);
                    assertThat(d.message()).startsWith("SparkApplication spark-pi cannot be read");
                });
    }
}
