package io.sparkgate.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.testing.CustomResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The informer caches against fabric8's CRUD mock: what the engine reads, and how they follow changes. */
@EnableKubernetesMockClient(crud = true)
class InformerCachesMockTest {
    KubernetesClient client;

    @Test
    void cachesSyncAndAnswerTheViewAppsAndPoliciesFollowingChanges() throws Exception {
        CustomResources.register(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a")
                .addToLabels("tenant", "team-a").endMetadata().build()).create();
        SparkApplication app = Json.read(Files.readString(Path.of("..", "examples", "spark-pi.yaml")),
                SparkApplication.class);
        app.getMetadata().setNamespace("team-a");
        client.resources(SparkApplication.class).inNamespace("team-a").resource(app).create();
        client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("spark-pi-driver")
                .addToLabels("spark-role", "driver").endMetadata().build()).create();
        client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("web")
                .addToLabels("app", "web").endMetadata().build()).create();
        client.resourceQuotas().inNamespace("team-a").resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("compute").endMetadata().build()).create();
        client.resource(policy("team-a", "In")).create();

        try (InformerCaches caches = InformerCaches.start(client, Clock.systemUTC(), "mock")) {
            assertThat(caches.caches()).containsOnlyKeys("sparkapplications-cache", "spark-pods-cache",
                    "namespaces-cache", "resourcequotas-cache", "sparkpolicies-cache");
            await(() -> caches.caches().values().stream().allMatch(BooleanSupplier::getAsBoolean));
            await(() -> caches.policies().get().all().size() == 1);

            assertThat(caches.apps().find("team-a", "spark-pi")).isPresent();
            assertThat(caches.apps().find("default", "spark-pi")).isEmpty();
            assertThat(caches.view().labelsOf("team-a")).containsEntry("tenant", "team-a");
            assertThat(caches.view().namespaces()).contains("team-a");
            assertThat(caches.view().sparkApplications("team-a")).hasSize(1);
            assertThat(caches.view().sparkPods("team-a")).extracting(p -> p.getMetadata().getName())
                    .containsExactly("spark-pi-driver"); // only Spark pods are cached
            assertThat(caches.view().resourceQuotas("team-a")).hasSize(1);
            assertThat(caches.policies().get().policiesFor(caches.view(), "team-a")).hasSize(1);

            // An invalid version is ignored: the valid one stays in force, and it is counted.
            client.resource(policy("team-a", "Sometimes")).update();
            await(() -> caches.invalidPolicies() == 1);
            assertThat(caches.policies().get().all()).singleElement().satisfies(p -> assertThat(p.getSpec()
                    .namespaceSelector().getMatchExpressions().get(0).getOperator()).isEqualTo("In"));

            // Deleting an app releases its quota reservation.
            caches.ledger().reserve(ReservationLedger.Key.app("team-a", "spark-pi"), "spark-pi", Resources.ZERO);
            assertThat(caches.ledger().size()).isEqualTo(1);
            client.resources(SparkApplication.class).inNamespace("team-a").withName("spark-pi").delete();
            await(() -> caches.ledger().size() == 0);

            client.resources(SparkPolicy.class).withName("team-a").delete();
            await(() -> caches.policies().get().all().isEmpty());
        }
    }

    private static SparkPolicy policy(String name, String operator) {
        return Json.read("""
                {"apiVersion":"sparkgate.io/v1alpha1","kind":"SparkPolicy","metadata":{"name":"%s"},
                 "spec":{"namespaceSelector":{"matchExpressions":[{"key":"tenant","operator":"%s",
                   "values":["team-a"]}]},"quota":{"maxCores":"8"}}}""".formatted(name, operator), SparkPolicy.class);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
