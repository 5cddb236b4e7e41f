package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.policy.defaults.AdminDefaultsMutator;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.SparkFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admin pod defaults after the app's own mutations, on the pods real Spark created. */
class AdminDefaultsTest {
    private static final Map<String, String> TEAM_A = Map.of("tenant", "team-a");
    private final PolicyIndex index = Support.index("team-a.yaml", "team-b-warn.yaml");
    private final PodMutationPipeline pipeline = new PodMutationPipeline(() -> index);

    private MutationResult mutate(SparkApplication app, SparkRole role, JsonNode pod) throws Exception {
        MutationResult result = pipeline.mutate(new MutationContext("team-a", role, app), pod, TEAM_A);
        // the patch is exactly the diff: applied to the original it gives the mutated pod
        JsonNode patched = JsonPatch.fromJson(result.patch()).apply(pod);
        assertThat(Json.mapper().readTree(Json.write(patched)))
                .isEqualTo(Json.mapper().readTree(Json.write(result.mutated())));
        return result;
    }

    @Test
    void adminDefaultsRunLastInTheOneOrder() {
        assertThat(pipeline.mutators(TEAM_A).get(pipeline.mutators(TEAM_A).size() - 1).name())
                .isEqualTo(AdminDefaultsMutator.NAME);
    }

    @Test
    void defaultsFillWhatTheAppLeftUnsetAndEnforcedFieldsWin() throws Exception {
        SparkApplication app = Support.app("etl-daily.yaml", "team-a");
        JsonNode driver = SparkFixtures.podJson(SparkFixtures.PYTHON_RICH);
        MutationResult r = mutate(app, SparkRole.DRIVER, driver);
        Pod pod = r.mutated();
        assertThat(pod.getMetadata().getLabels()).containsEntry("cost-center", "team-a").containsEntry("team", "a");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "spark");
        assertThat(pod.getSpec().getTolerations()).filteredOn(t -> "dedicated".equals(t.getKey())).hasSize(1);
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("spark-batch");
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(185L);
        for (Container c : pod.getSpec().getContainers()) {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
        }
        Container spark = pod.getSpec().getContainers().get(0);
        assertThat(spark.getEnv()).anyMatch(e -> e.getName().equals("TZ") && e.getValue().equals("UTC"));
        // the executor-only scratch emptyDir is not on the driver (the app's own hostPath "scratch" is kept);
        // team-b's policy does not select team-a
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getName().equals("scratch"))
                .singleElement().satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/mnt/scratch"));
        assertThat(pod.getSpec().getSchedulerName()).isNotEqualTo("b");
        // idempotent: the mutated pod goes through unchanged
        MutationResult again = mutate(app, SparkRole.DRIVER, Json.mapper().valueToTree(pod));
        assertThat(again.patch()).isEmpty();
    }

    @Test
    void enforceOverridesTheAppWithAWarningAndDefaultYieldsToIt() throws Exception {
        SparkApplication app = Support.appYaml("metadata: {name: tiny, namespace: team-a, uid: u-1}\nspec:\n"
                + "  type: Scala\n  image: example.com/spark:4\n  executor:\n    priorityClassName: urgent\n"
                + "    labels: {cost-center: research}\n    env: [{name: TZ, value: Europe/Paris}]\n");
        JsonNode executor = SparkFixtures.json(SparkFixtures.files(SparkFixtures.EXECUTORS, "Pod").get(0));
        MutationResult r = mutate(app, SparkRole.EXECUTOR, executor);
        Pod pod = r.mutated();
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("spark-batch");
        assertThat(pod.getMetadata().getLabels()).containsEntry("cost-center", "research");
        assertThat(pod.getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> e.getName().equals("TZ") && e.getValue().equals("Europe/Paris"));
        assertThat(pod.getSpec().getVolumes()).anyMatch(v -> v.getName().equals("scratch"));
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .anyMatch(m -> m.getMountPath().equals("/tmp/scratch"));
        assertThat(r.warnings()).contains("SparkPolicy team-a podDefaults[1].priorityClassName: replaces the pod's "
                + "own value");
        assertThat(r.warnings()).noneMatch(w -> w.contains("Europe/Paris"));
    }
}
