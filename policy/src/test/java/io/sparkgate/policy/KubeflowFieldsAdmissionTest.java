package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.KubeflowFields;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value of the kubeflow field table (test-fixtures' {@code kubeflow/fields.yaml}) at the validating webhook:
 * each value kubeflow accepts is admitted, each it refuses is denied (422) with the table's message, never admitted.
 */
class KubeflowFieldsAdmissionTest {
    private final PolicyEngine engine = new PolicyEngine(PolicyIndex::empty,
            new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)));

    static Stream<Arguments> accepted() {
        return KubeflowFields.rows().stream().flatMap(r -> r.accepts().stream()
                .map(a -> Arguments.of(r.field() + " " + a.app().path("spec"), a)));
    }

    static Stream<Arguments> refused() {
        return KubeflowFields.rows().stream().flatMap(r -> r.refuses().stream()
                .map(a -> Arguments.of(r.field() + " " + a.app().path("spec"), a)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedValuesAreAdmitted(String name, KubeflowFields.Accepted value) {
        AdmissionDecision d = engine.validateSparkApplication(AdmissionInput.create("team-a", value.app()),
                ClusterView.empty());

        assertThat(d.allowed()).as(String.valueOf(d)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedValuesAreDeniedNamingTheField(String name, KubeflowFields.Refused value) {
        AdmissionDecision d = engine.validateSparkApplication(AdmissionInput.create("team-a", value.app()),
                ClusterView.empty());

        assertThat(d).isInstanceOf(AdmissionDecision.Denied.class);
        assertThat(((AdmissionDecision.Denied) d).code()).isEqualTo(422);
        assertThat(((AdmissionDecision.Denied) d).message()).startsWith(value.message()).contains(value.forms());
    }
}
