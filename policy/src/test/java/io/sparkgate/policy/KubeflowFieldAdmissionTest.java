package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.kubeflow.KubeflowFields;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission side of the kubeflow field table: every value in a grammar kubeflow accepts is admitted, every
 * value it would refuse is denied with a message that names the field and says what is accepted, and a field
 * accepted but not read is admitted with a warning naming it.
 */
class KubeflowFieldAdmissionTest {
    private final PolicyEngine engine = new PolicyEngine(PolicyIndex::empty,
            new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)));

    static Stream<Arguments> cases() {
        return KubeflowFields.cases().stream().map(e -> Arguments.of(e.getKey().field(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void admissionAcceptsWhatKubeflowAcceptsAndRefusesTheRest(String field, KubeflowFields.Case c) {
        AdmissionDecision d = engine.validateSparkApplication(AdmissionInput.create("team-a", c.app()),
                ClusterView.empty());
        if (c.refused() == null) {
            assertThat(d.allowed()).as(field + " " + c + ": " + d).isTrue();
            if (c.warned() != null) {
                assertThat(d.warnings()).as(field + " " + c + " warns").anyMatch(w -> w.startsWith(c.warned()));
            }
            return;
        }
        assertThat(d).as(field + " " + c).isInstanceOf(AdmissionDecision.Denied.class);
        AdmissionDecision.Denied denied = (AdmissionDecision.Denied) d;
        assertThat(denied.code()).isEqualTo(422);
        assertThat(denied.message()).as(field).contains(c.refused());
    }
}
