package io.sparkgate.mutators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The webhook side of kubeflow's examples (examples/kubeflow): the fields the webhook applies take effect on Spark
 * 4.1.1's real driver and executor pods.
 */
class KubeflowExamplesPodTest {
    private static SparkApplication app(String file) throws IOException {
        return Json.read(Files.readString(Path.of("..", "examples", "kubeflow", file)), SparkApplication.class);
    }

    @Test
    void securityContextOfTheDynamicAllocationExampleOnBothRoles() throws IOException {
        SparkApplication app = app("spark-pi-dynamic-allocation.yaml");
        for (SparkRole role : SparkRole.values()) {
            JsonNode c = Harness.runAll(role, app, role == SparkRole.DRIVER ? Harness.driver() : Harness.executor())
                    .container().path("securityContext");
            assertThat(c.path("runAsUser").asInt()).as(role + " runAsUser").isEqualTo(185);
            assertThat(c.path("runAsGroup").asInt()).isEqualTo(185);
            assertThat(c.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(c.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(c.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(c.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        }
    }

    @Test
    void configMapVolumeOfTheConfigMapExampleOnBothRoles() throws IOException {
        SparkApplication app = app("spark-pi-configmap.yaml");
        for (SparkRole role : SparkRole.values()) {
            JsonNode pod = Harness.runAll(role, app, role == SparkRole.DRIVER ? Harness.driver()
                    : Harness.executor()).patched();
            assertThat(pod.path("spec").path("volumes").findValuesAsText("name")).as(role + " volumes")
                    .contains("config-vol");
            JsonNode mounts = pod.path("spec").path("containers").get(0).path("volumeMounts");
            boolean mounted = false;
            for (JsonNode m : mounts) {
                mounted |= m.path("name").asText().equals("config-vol")
                        && m.path("mountPath").asText().equals("/opt/spark/mycm");
            }
            assertThat(mounted).as(role + " mounts config-vol at /opt/spark/mycm").isTrue();
        }
    }

    @Test
    void prometheusExampleOpensTheExporterPortAndMountsItsConfig() throws IOException {
        SparkApplication app = app("spark-pi-prometheus.yaml");
        for (SparkRole role : SparkRole.values()) {
            Harness.Outcome out = Harness.runAll(role, app, role == SparkRole.DRIVER ? Harness.driver()
                    : Harness.executor());
            assertThat(out.container().path("ports").findValuesAsText("containerPort")).as(role + " ports")
                    .contains("8090");
            assertThat(out.container().path("volumeMounts").findValuesAsText("mountPath")).as(role + " mounts")
                    .contains("/etc/metrics/conf");
        }
    }
}
