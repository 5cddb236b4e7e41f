package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.EnforcementAction;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyRegistry;
import io.sparkgate.policy.tenant.SparkPolicyValidator;
import io.sparkgate.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enforcement actions, live policy edits, and malformed policies refused whole. */
class PolicyLifecycleTest {
    private static final String NS = "team-a-etl";
    private final ReservationLedger ledger = new ReservationLedger(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofMinutes(1));
    private final ClusterView view = ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a")).build();

    private static SparkPolicy withAction(String action) {
        return Json.read("metadata: {name: team-a}\nspec:\n  namespaceSelector: {matchLabels: {tenant: team-a}}\n"
                + "  enforcementAction: " + action + "\n  quota: {maxCores: \"2\"}\n"
                + "  rules: {allowedImageRegistries: [example.com]}\n", SparkPolicy.class);
    }

    private static SparkApplication offending() {
        return Support.appYaml("metadata: {name: x}\nspec: {type: Scala, image: \"evil.io/spark:4\"}\n");
    }

    @Test
    void eachEnforcementAction() {
        String quota = "app team-a-etl/x needs 3 cores; tenant team-a (SparkPolicy team-a) has 2 of 2 left";
        String image = "spec.image: \"evil.io/spark:4\" is not from a registry SparkPolicy team-a allows (example.com)";
        PolicyRegistry registry = new PolicyRegistry();
        PolicyEngine engine = new PolicyEngine(registry::snapshot, ledger);

        registry.upsert(withAction("deny"));
        AdmissionDecision deny = engine.validateSparkApplication(AdmissionInput.create(NS, offending()), view);
        assertThat(deny).isInstanceOf(AdmissionDecision.Denied.class);
        assertThat(((AdmissionDecision.Denied) deny).message()).isEqualTo(image + "; " + quota);
        assertThat(ledger.size()).isZero();

        registry.upsert(withAction("warn"));
        AdmissionDecision warn = engine.validateSparkApplication(AdmissionInput.create(NS, offending()), view);
        assertThat(warn.allowed()).isTrue();
        assertThat(warn.warnings()).containsExactly("[warn] " + image, "[warn] " + quota);
        assertThat(warn.violations()).extracting(PolicyViolation::action).containsOnly(EnforcementAction.WARN);
        ledger.release(ReservationLedger.Key.app(NS, "x"));

        registry.upsert(withAction("dryrun"));
        AdmissionDecision dry = engine.validateSparkApplication(AdmissionInput.create(NS, offending()), view);
        assertThat(dry.allowed()).isTrue();
        assertThat(dry.warnings()).isEmpty();
        assertThat(dry.violations()).extracting(PolicyViolation::policy, PolicyViolation::rule,
                PolicyViolation::action, PolicyViolation::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("team-a", PolicyViolation.RULE_IMAGE_REGISTRY,
                        EnforcementAction.DRYRUN, image),
                org.assertj.core.groups.Tuple.tuple("team-a", PolicyViolation.RULE_TENANT_QUOTA,
                        EnforcementAction.DRYRUN, quota));
    }

    @Test
    void aPolicyEditedLiveAppliesToTheNextAdmissionWithoutRestart() {
        PolicyRegistry registry = new PolicyRegistry();
        PolicyEngine engine = new PolicyEngine(registry::snapshot, ledger);
        SparkApplication app = Support.appYaml("metadata: {name: y}\nspec: {type: Scala, image: example.com/s:4}\n");
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app).asDryRun(), view).allowed())
                .isTrue();
        registry.upsert(withAction("deny"));
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app).asDryRun(), view).allowed())
                .isFalse();
        SparkPolicy raised = withAction("deny");
        raised = Json.read(Json.write(raised).replace("\"maxCores\":\"2\"", "\"maxCores\":\"3\""), SparkPolicy.class);
        assertThat(registry.upsert(raised)).isEmpty();
        assertThat(engine.validateSparkApplication(AdmissionInput.create(NS, app).asDryRun(), view).allowed())
                .isTrue();
        registry.remove("team-a");
        assertThat(registry.snapshot().all()).isEmpty();
    }

    @Test
    void aMalformedEditIsRefusedAndThePreviousValidPolicyKeepsWorking() {
        PolicyRegistry registry = new PolicyRegistry();
        assertThat(registry.upsert(withAction("deny"))).isEmpty();
        SparkPolicy negative = Json.read(Json.write(withAction("deny")).replace("\"maxCores\":\"2\"",
                "\"maxCores\":\"-4\""), SparkPolicy.class);
        assertThat(registry.upsert(negative)).containsExactly("spec.quota.maxCores: must not be negative, was -4");
        assertThat(registry.snapshot().all()).hasSize(1);
        assertThat(registry.snapshot().all().get(0).getSpec().quota().maxCores().toString()).isEqualTo("2");
    }

    private static List<String> problems(String yaml) throws IOException {
        JsonNode tree = Json.yaml().readTree(yaml);
        return SparkPolicyValidator.validate(tree);
    }

    @Test
    void theValidatingEndpointRejectsMalformedPolicies() throws IOException {
        String head = "apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: p}\nspec:\n";
        assertThat(problems(head + "  namespaceSelector: {}\n")).isEmpty();
        assertThat(problems(head + "  namespaceSelector: {}\n  quota: {maxCpu: 4}\n")).containsExactly(
                "spec.quota.maxCpu: unknown field (known fields: maxCores, maxExecutors, maxMemory, maxRunningApps, "
                        + "perApp)");
        assertThat(problems(head + "  namespaceSelector: {}\n  enforcementAction: block\n")).containsExactly(
                "spec.enforcementAction: enforcementAction: \"block\" is not one of deny, warn, dryrun");
        assertThat(problems(head + "  namespaceSelector:\n    matchExpressions: [{key: team, operator: Like, "
                + "values: [a]}]\n")).containsExactly("spec.namespaceSelector.matchExpressions[0].operator: \"Like\" "
                + "is not one of In, NotIn, Exists, DoesNotExist");
        assertThat(problems(head + "  namespaceSelector:\n    matchExpressions: [{key: team, operator: In}]\n"))
                .containsExactly("spec.namespaceSelector.matchExpressions[0].values: must be non-empty when operator "
                        + "is In");
        assertThat(problems(head + "  quota: {maxExecutors: -1, perApp: {maxMemory: lots}}\n")).containsExactly(
                "spec.namespaceSelector: required; use {} to select every namespace",
                "spec.quota.maxExecutors: must not be negative, was -1",
                "spec.quota.perApp.maxMemory: \"lots\" is not a Kubernetes quantity");
        assertThat(problems(head + "  namespaceSelector: {}\n  rules: {deniedSparkConf: [\"spark.*.x\"]}\n"))
                .containsExactly("spec.rules.deniedSparkConf[0]: \"spark.*.x\": * is only allowed at the end");
        PolicyEngine engine = new PolicyEngine(() -> null, ledger);
        AdmissionDecision d = engine.validateSparkPolicy(new AdmissionInput(Operation.CREATE, null,
                Json.yaml().readTree(head + "  namespaceSelector: {}\n  quota: {maxRunningApps: -2}\n"), null, false));
        assertThat(d).isEqualTo(AdmissionDecision.invalid("spec.quota.maxRunningApps: must not be negative, was -2"));
    }

    @Test
    void theExamplePoliciesAreValid() throws IOException {
        for (String f : new String[] {"team-a.yaml", "cluster-dryrun.yaml", "team-b-warn.yaml"}) {
            assertThat(SparkPolicyValidator.validate(Json.yaml().readTree(Support.example("policies/" + f))))
                    .as(f).isEmpty();
        }
    }
}
