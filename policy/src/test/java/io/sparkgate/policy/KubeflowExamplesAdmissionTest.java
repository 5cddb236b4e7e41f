package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.Json;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** kubeflow's documented examples, re-typed in examples/kubeflow, are admitted by the validating webhook unchanged. */
class KubeflowExamplesAdmissionTest {
    private final PolicyEngine engine = new PolicyEngine(PolicyIndex::empty,
            new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)));

    @Test
    void everyExampleIsAdmitted() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Support.examples().resolve("kubeflow"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(6);
        for (Path file : files) {
            var tree = Json.yaml().readTree(file.toFile());
            AdmissionInput in = AdmissionInput.create("default", tree);
            AdmissionDecision d = tree.path("kind").asText().equals("ScheduledSparkApplication")
                    ? engine.validateScheduledSparkApplication(in, ClusterView.empty())
                    : engine.validateSparkApplication(in, ClusterView.empty());
            assertThat(d.allowed()).as(file.getFileName() + ": " + d).isTrue();
            assertThat(d.warnings()).as(file.getFileName() + " warnings").isEmpty();
        }
    }
}
