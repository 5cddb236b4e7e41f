package io.sparkgate.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.CustomResources;
import io.sparkgate.testing.ExecutorReplay;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.testing.TestCa;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spark's own objects and this project's custom resources round-trip through the emulation and its admission. */
class SparkObjectsMockTest {
    private ApiEmulation api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = ApiEmulation.start();
        client = api.client();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void storesSparkApplicationsAndPoliciesOnceTheCrdsAreRegistered() {
        CustomResources.register(client);
        SparkApplication app = sampleApp();

        client.resources(SparkApplication.class).inNamespace("team-a").resource(app).create();
        SparkPolicy policy = new SparkPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("team-a").build());
        client.resources(SparkPolicy.class).resource(policy).create();

        SparkApplication stored = client.resources(SparkApplication.class).inNamespace("team-a")
                .withName(app.getMetadata().getName()).get();
        assertThat(stored.getSpec().driver().cores()).isEqualTo(2);
        assertThat(stored.getMetadata().getUid()).isNotBlank();
        assertThat(client.resources(SparkPolicy.class).withName("team-a").get()).isNotNull();
        assertThat(client.resources(SparkApplication.class).inAnyNamespace().list().getItems()).hasSize(1);
    }

    private static SparkApplication sampleApp() {
        return Json.read("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: etl-daily, namespace: team-a}
                spec: {type: Scala, mode: cluster, driver: {cores: 2}, executor: {instances: 1}}
                """, SparkApplication.class);
    }

    @Test
    void sparkApplicationsGoThroughTheirValidatingWebhook() {
        TestCa ca = TestCa.create("test-ca");
        try (FakeWebhook webhook = FakeWebhook.start(ca.issueForService(Hooks.SERVICE, Hooks.NAMESPACE).serverContext())) {
            api.routeService(Hooks.NAMESPACE, Hooks.SERVICE, 443, webhook.port());
            webhook.on("/validate/sparkapplications", r -> FakeWebhook.Answer.deny(403,
                    "spec.executor.instances: 400 exceeds the tenant's limit of 100"));
            CustomResources.register(client);
            ValidatingWebhook hook = Hooks.validating("sparkapps.test", ca.caBundle(), "/validate/sparkapplications");
            hook.setRules(List.of(new RuleWithOperationsBuilder().withOperations("CREATE", "UPDATE")
                    .withApiGroups("sparkoperator.k8s.io").withApiVersions("v1beta2")
                    .withResources("sparkapplications").build()));
            client.resource(Hooks.validatingConfig("sparkapps", hook)).create();

            assertThatThrownBy(() -> client.resources(SparkApplication.class).inNamespace("team-a")
                    .resource(sampleApp()).create()).isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook \"sparkapps.test\" "
                                + "denied the request: spec.executor.instances: 400 exceeds the tenant's limit of 100"));
            assertThat(webhook.requests("/validate/sparkapplications").get(0).path("kind").path("kind").asText())
                    .isEqualTo("SparkApplication");
        }
    }

    @Test
    void replaysExecutorsAsTheDriverCreatesThem() {
        Pod driver = client.pods().inNamespace("team-a").resource(SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI))
                .create();

        List<HasMetadata> created = ExecutorReplay.create(client, driver);

        List<Pod> executors = client.pods().inNamespace("team-a").withLabel("spark-role", "executor").list().getItems();
        assertThat(created).hasSize(3);
        assertThat(executors).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder(
                "spark-pi-0a5959a1ff7da1b7-exec-1", "spark-pi-0a5959a1ff7da1b7-exec-2");
        assertThat(executors).allSatisfy(p -> {
            assertThat(p.getSpec().getHostname()).isEqualTo(p.getMetadata().getName());
            assertThat(p.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(driver.getMetadata().getUid()));
            assertThat(p.getMetadata().getLabels()).containsEntry("sparkoperator.k8s.io/app-name", "spark-pi")
                    .containsEntry("spark-app-selector",
                            driver.getMetadata().getLabels().get("spark-app-selector"));
        });
        assertThat(client.configMaps().inNamespace("team-a").list().getItems()).hasSize(1);
    }
}
