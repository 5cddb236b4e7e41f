package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.EnforcementAction;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.Operation;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.policy.PolicyViolation;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    void theValidatorSeesTheRequestAndItsDecisionIsReturnedWithViolationsCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Operation> seen = new ArrayList<>();
        var handler = new ValidatingHandler(SparkApplication.GROUP, "SparkApplication", Set.of("CREATE", "UPDATE"),
                call -> true, call -> {
                    seen.add(call.input().operation());
                    int instances = call.object().at("/spec/executor/instances").asInt();
                    PolicyViolation dry = new PolicyViolation("cluster", PolicyViolation.RULE_APP_QUOTA,
                            EnforcementAction.DRYRUN, "app default/spark-pi would need 2 executors");
                    return instances > 1 ? AdmissionDecision.deny("spec.executor.instances: " + instances
                            + " is over this namespace's limit of 1", List.of(), List.of(dry))
                            : AdmissionDecision.allow();
                }, new AdmissionMetrics(registry));

        AdmissionOutcome outcome = decide(handler, appReview("CREATE", sparkPi()));
        assertThat(outcome).isInstanceOfSatisfying(AdmissionOutcome.Denied.class, d -> {
            assertThat(d.code()).isEqualTo(403);
            assertThat(d.message()).isEqualTo("spec.executor.instances: 2 is over this namespace's limit of 1");
        });
        assertThat(registry.get(AdmissionMetrics.VIOLATIONS).tags("policy", "cluster", "rule", "app-quota",
                "action", "dryrun").counter().count()).isEqualTo(1);
        assertThat(decide(handler, appReview("DELETE", sparkPi()))).isInstanceOf(AdmissionOutcome.Skipped.class);
        assertThat(seen).containsExactly(Operation.CREATE);
    }

    @Test
    void theEngineDecidesAnUnreadableObject422NamingTheField() throws Exception {
        ObjectNode broken = (ObjectNode) sparkPi();
        ((ObjectNode) broken.get("spec")).put("driver", "not an object");
        var engine = new PolicyEngine(PolicyIndex::empty, new ReservationLedger(Clock.systemUTC(),
                ReservationLedger.DEFAULT_TTL));
        var handler = new ValidatingHandler(SparkApplication.GROUP, "SparkApplication", Set.of("CREATE"),
                call -> true, call -> engine.validateSparkApplication(call.input(), ClusterView.empty()),
                new AdmissionMetrics(new SimpleMeterRegistry()));
        assertThat(decide(handler, appReview("CREATE", broken))).isInstanceOfSatisfying(AdmissionOutcome.Denied.class,
                d -> {
                    assertThat(d.code()).isEqualTo(422);
                    assertThat(d.message()).contains("spec.driver");
                });
    }

    @Test
    void typosComeBackAsAdmissionWarningsBoundedInNumber() throws Exception {
        ObjectNode typo = (ObjectNode) sparkPi();
        ObjectNode executor = (ObjectNode) typo.get("spec").get("executor");
        executor.set("instnces", executor.remove("instances"));
        for (int i = 0; i < 5_000; i++) {
            ((ObjectNode) typo.get("spec")).put("junk" + i, i);
        }
        var engine = new PolicyEngine(PolicyIndex::empty, new ReservationLedger(Clock.systemUTC(),
                ReservationLedger.DEFAULT_TTL));
        var handler = new ValidatingHandler(SparkApplication.GROUP, "SparkApplication", Set.of("CREATE"),
                call -> true, call -> engine.validateSparkApplication(call.input(), ClusterView.empty()),
                new AdmissionMetrics(new SimpleMeterRegistry()));
        AdmissionOutcome outcome = decide(handler, appReview("CREATE", typo));
        List<String> warnings = AdmissionCodec.warnings(outcome.warnings());
        assertThat(warnings).hasSize(AdmissionCodec.MAX_WARNINGS + 1)
                .startsWith("unknown field \"spec.executor.instnces\" (did you mean \"instances\"?)")
                .endsWith("... and 4951 more warnings");
    }
}
