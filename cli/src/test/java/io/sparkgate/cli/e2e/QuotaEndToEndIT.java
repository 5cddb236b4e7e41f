package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, phase 2: an over-quota tenant is refused with its message. Team A's SparkPolicy
 * (examples/policies/team-a.yaml: 16 cores for the tenant) is applied like any object; the first etl-daily
 * (10 cores: driver 2 + 4 executors x 2) is admitted, a second one is refused by the validating webhook with the
 * tenant's numbers, as {@code kubectl apply} would show it.
 */
class QuotaEndToEndIT {
    private static final String NS = "team-a";

    @TempDir
    Path work;

    @Test
    void theSecondAppOverTheTenantQuotaIsRefusedWithItsMessage() throws Exception {
        try (LocalCluster cluster = E2e.start(work, ChartWebhooks.chartDefaults(), null, 8)) {
            KubernetesClient client = cluster.client();
            E2e.namespace(client, NS, Map.of("tenant", "team-a"));
            SparkPolicy policy = Json.read(Files.readString(Path.of("..", "examples", "policies", "team-a.yaml")),
                    SparkPolicy.class);
            client.resource(policy).create();
            var apps = client.resources(SparkApplication.class).inNamespace(NS);
            // The webhook reads policies from its informer: wait until team-a's registry rule is enforced.
            SparkApplication foreign = etlDaily("probe", "docker.io/someone/spark:4.1.1");
            E2e.await(() -> {
                try {
                    apps.resource(foreign).dryRun().create();
                    return Optional.empty();
                } catch (KubernetesClientException e) {
                    return e.getCode() == 403 ? Optional.of(e) : Optional.empty();
                }
            }, Duration.ofSeconds(20), "team-a's policy enforced by the webhook");

            SparkApplication first = apps.resource(etlDaily("etl-daily")).create();
            assertThat(first.getMetadata().getUid()).isNotBlank();

            KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                    () -> apps.resource(etlDaily("etl-hourly")).create());
            assertThat(refused).as("the second app is refused").isNotNull();
            assertThat(refused.getCode()).isEqualTo(403);
            assertThat(refused.getStatus().getMessage())
                    .startsWith("admission webhook \"" + ChartWebhooks.VALIDATE_APPS + "\" denied the request: ")
                    .contains("tenant team-a (SparkPolicy team-a) has")
                    .contains("cores")
                    .contains("left");
            assertThat(apps.withName("etl-hourly").get()).as("nothing stored").isNull();
            assertThat(cluster.api().stats().denials(ChartWebhooks.VALIDATE_APPS)).isGreaterThanOrEqualTo(2);
        }
    }

    private static SparkApplication etlDaily(String name) throws Exception {
        return etlDaily(name, null);
    }

    /** examples/etl-daily.yaml under another name, and another image when given. */
    private static SparkApplication etlDaily(String name, String image) throws Exception {
        ObjectNode app = (ObjectNode) Json.yaml().readTree(Files.readString(Path.of("..", "examples",
                "etl-daily.yaml")));
        ((ObjectNode) app.get("metadata")).put("name", name);
        if (image != null) {
            ((ObjectNode) app.get("spec")).put("image", image);
        }
        return Json.mapper().convertValue(app, SparkApplication.class);
    }
}
