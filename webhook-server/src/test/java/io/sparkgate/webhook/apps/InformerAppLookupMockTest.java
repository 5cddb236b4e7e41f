package io.sparkgate.webhook.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class InformerAppLookupMockTest {
    KubernetesClient client;

    @Test
    void findsAppsFromTheInformerCacheOnceSynced() throws Exception {
        SparkApplication app = Json.read(Files.readString(Path.of("..", "examples", "spark-pi.yaml")),
                SparkApplication.class);
        client.resources(SparkApplication.class).inNamespace("default").resource(app).create();

        try (InformerAppLookup lookup = InformerAppLookup.start(client)) {
            await(lookup::synced);
            assertThat(lookup.find("default", "spark-pi")).get()
                    .satisfies(a -> assertThat(a.getMetadata().getUid()).isNotBlank());
            assertThat(lookup.find("team-b", "spark-pi")).isEmpty();

            app.getMetadata().setName("created-later");
            app.getMetadata().setResourceVersion(null);
            client.resources(SparkApplication.class).inNamespace("default").resource(app).create();
            await(() -> lookup.find("default", "created-later").isPresent());
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
