package io.sparkgate.testing.apiserver;

import static io.sparkgate.testing.apiserver.FakeWebhook.Answer.allow;
import static io.sparkgate.testing.apiserver.FakeWebhook.Answer.deny;
import static io.sparkgate.testing.apiserver.FakeWebhook.Answer.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.testing.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulation runs admission as kube-apiserver does, against a real HTTPS webhook on loopback. */
class ApiEmulationMockTest {
    private static TestCa ca;
    private static FakeWebhook webhook;

    private ApiEmulation api;
    private KubernetesClient client;

    @BeforeAll
    static void startWebhook() {
        ca = TestCa.create("test-ca");
        webhook = FakeWebhook.start(ca.issueForService(Hooks.SERVICE, Hooks.NAMESPACE).serverContext());
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    @BeforeEach
    void startApi() {
        api = ApiEmulation.start();
        api.routeService(Hooks.NAMESPACE, Hooks.SERVICE, 443, webhook.port());
        client = api.client();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private Pod driver() {
        return SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
    }

    private Pod createDriver() {
        return client.pods().inNamespace("default").resource(driver()).create();
    }

    private void install(MutatingWebhook... hooks) {
        client.resource(Hooks.mutatingConfig("m-" + hooks[0].getName(), hooks)).create();
    }

    private void install(ValidatingWebhook... hooks) {
        client.resource(Hooks.validatingConfig("v-" + hooks[0].getName(), hooks)).create();
    }

    @Test
    void mutatesCreatedPodAndSendsAReviewLikeKubeApiserver() {
        webhook.on("/m1", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/mutated\",\"value\":\"yes\"}]"));
        install(Hooks.mutating("m1.test", ca.caBundle(), "/m1"));

        Pod created = createDriver();

        assertThat(created.getMetadata().getLabels()).containsEntry("mutated", "yes");
        Pod stored = client.pods().inNamespace("default").withName(driver().getMetadata().getName()).get();
        assertThat(stored.getMetadata().getLabels()).containsEntry("mutated", "yes").containsEntry("spark-role", "driver");
        JsonNode request = webhook.requests("/m1").get(webhook.requests("/m1").size() - 1);
        assertThat(request.path("operation").asText()).isEqualTo("CREATE");
        assertThat(request.path("namespace").asText()).isEqualTo("default");
        assertThat(request.path("kind").path("kind").asText()).isEqualTo("Pod");
        assertThat(request.path("resource").path("resource").asText()).isEqualTo("pods");
        assertThat(request.path("name").asText()).isEqualTo(driver().getMetadata().getName());
        // Spark's body has no namespace: the API server fills it from the path before admission.
        assertThat(request.path("object").path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(request.path("oldObject").isNull()).isTrue();
        assertThat(request.path("userInfo").path("username").asText()).isEqualTo("kubernetes-admin");
        assertThat(request.path("options").path("kind").asText()).isEqualTo("CreateOptions");
        assertThat(request.path("dryRun").asBoolean(true)).isFalse();
        assertThat(api.stats().calls("m1.test")).isEqualTo(1);
        assertThat(api.stats().admitted()).isEqualTo(1);
    }

    @Test
    void appliesPatchesInConfigurationNameOrder() {
        webhook.on("/first", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/order\",\"value\":\"first\"}]"));
        webhook.on("/second", r -> patch("[{\"op\":\"replace\",\"path\":\"/metadata/labels/order\",\"value\":\""
                + r.path("object").path("metadata").path("labels").path("order").asText("none") + "-second\"}]"));
        // Installed in reverse: kube-apiserver sorts configurations by name, not by creation.
        client.resource(Hooks.mutatingConfig("b-config", Hooks.mutating("second.test", ca.caBundle(), "/second"))).create();
        client.resource(Hooks.mutatingConfig("a-config", Hooks.mutating("first.test", ca.caBundle(), "/first"))).create();

        assertThat(createDriver().getMetadata().getLabels()).containsEntry("order", "first-second");
    }

    @Test
    void reinvokesIfNeededWebhooksOnceWhenALaterWebhookChangedTheObject() {
        webhook.on("/early", r -> allow());
        webhook.on("/late", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/late\",\"value\":\"x\"}]"));
        MutatingWebhook early = Hooks.mutating("early.test", ca.caBundle(), "/early");
        early.setReinvocationPolicy("IfNeeded");
        MutatingWebhook never = Hooks.mutating("never.test", ca.caBundle(), "/early");
        client.resource(Hooks.mutatingConfig("a", early, never)).create();
        client.resource(Hooks.mutatingConfig("b", Hooks.mutating("late.test", ca.caBundle(), "/late"))).create();

        createDriver();

        assertThat(api.stats().calls("early.test")).isEqualTo(2);
        assertThat(api.stats().calls("never.test")).isEqualTo(1);
        assertThat(api.stats().calls("late.test")).isEqualTo(1);
        List<JsonNode> seen = webhook.requests("/early");
        assertThat(seen.get(seen.size() - 1).path("object").path("metadata").path("labels").path("late").asText())
                .isEqualTo("x");
    }

    @Test
    void doesNotReinvokeWhenNothingChangedAfterTheWebhook() {
        webhook.on("/early", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/early\",\"value\":\"x\"}]"));
        webhook.on("/late", r -> allow());
        MutatingWebhook early = Hooks.mutating("early.test", ca.caBundle(), "/early");
        early.setReinvocationPolicy("IfNeeded");
        client.resource(Hooks.mutatingConfig("a", early, Hooks.mutating("late.test", ca.caBundle(), "/late"))).create();

        createDriver();

        assertThat(api.stats().calls("early.test")).isEqualTo(1);
    }

    @Test
    void refusesWithTheValidatingWebhooksCodeAndMessage() {
        webhook.on("/quota", r -> deny(403, "tenant team-a is over its quota of 10 cores"));
        install(Hooks.validating("quota.test", ca.caBundle(), "/quota"));

        assertThatThrownBy(this::createDriver).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage()).isEqualTo(
                    "admission webhook \"quota.test\" denied the request: tenant team-a is over its quota of 10 cores");
        });
        assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
        assertThat(api.stats().denials("quota.test")).isEqualTo(1);
        assertThat(api.stats().rejected()).isEqualTo(1);
    }

    @Test
    void denialWithoutAnErrorCodeBecomes403AndKeepsOtherCodes() {
        webhook.on("/ok-code", r -> deny(200, ""));
        install(Hooks.validating("nocode.test", ca.caBundle(), "/ok-code"));
        assertThatThrownBy(this::createDriver).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage())
                    .isEqualTo("admission webhook \"nocode.test\" denied the request without explanation");
        });

        webhook.on("/ok-code", r -> deny(422, "spec.driver.cores: must be positive"));
        assertThatThrownBy(this::createDriver).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void mutatingDenialStopsTheChain() {
        webhook.on("/deny", r -> deny(403, "no"));
        webhook.on("/after", r -> allow());
        client.resource(Hooks.mutatingConfig("a", Hooks.mutating("deny.test", ca.caBundle(), "/deny"))).create();
        client.resource(Hooks.mutatingConfig("b", Hooks.mutating("after.test", ca.caBundle(), "/after"))).create();
        install(Hooks.validating("val.test", ca.caBundle(), "/after"));

        assertThatThrownBy(this::createDriver).isInstanceOf(KubernetesClientException.class);
        assertThat(api.stats().calls("after.test")).isZero();
        assertThat(api.stats().calls("val.test")).isZero();
    }

    @Test
    void serverSideApplyOfAMissingObjectIsACreateThroughAdmission() {
        webhook.on("/m1", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/mutated\",\"value\":\""
                + r.path("operation").asText() + "\"}]"));
        install(Hooks.mutating("m1.test", ca.caBundle(), "/m1"));

        Pod applied = client.pods().inNamespace("default").resource(driver()).fieldManager("spark").forceConflicts()
                .serverSideApply();

        assertThat(applied.getMetadata().getLabels()).containsEntry("mutated", "CREATE");
        assertThat(applied.getMetadata().getNamespace()).isEqualTo("default");
        Pod again = client.pods().inNamespace("default").resource(new PodBuilder(driver()).editMetadata()
                .addToLabels("extra", "1").endMetadata().build()).fieldManager("spark").forceConflicts().serverSideApply();
        assertThat(again.getMetadata().getLabels()).containsEntry("mutated", "UPDATE").containsEntry("extra", "1");
        assertThat(webhook.requests("/m1").get(webhook.requests("/m1").size() - 1).path("oldObject")
                .path("metadata").path("labels").path("mutated").asText()).isEqualTo("CREATE");
    }

    @Test
    void updatesAndPatchesGoThroughAdmissionWithTheOldObject() {
        Pod created = createDriver();
        webhook.on("/upd", r -> r.path("oldObject").isObject() ? deny(403, "immutable") : allow());
        MutatingWebhook onUpdate = Hooks.mutating("upd.test", ca.caBundle(), "/upd");
        onUpdate.setRules(List.of(Hooks.podRule("UPDATE")));
        install(onUpdate);

        assertThatThrownBy(() -> client.pods().inNamespace("default").withName(created.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("x", "y").endMetadata().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .isEqualTo("admission webhook \"upd.test\" denied the request: immutable"));
        assertThat(client.pods().inNamespace("default").withName(created.getMetadata().getName()).get()
                .getMetadata().getLabels()).doesNotContainKey("x");
    }

    @Test
    void echoesWebhookWarningsAsWarningHeaders() throws Exception {
        webhook.on("/warn", r -> allow().warning("spark.driver.memory \"2g\" is below the \"team\" minimum"));
        install(Hooks.mutating("warn.test", ca.caBundle(), "/warn"));
        HttpRequest post = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(driver()))).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("Warning"))
                .containsExactly("299 - \"spark.driver.memory \\\"2g\\\" is below the \\\"team\\\" minimum\"");
    }

    @Test
    void matchesObjectAndNamespaceSelectors() {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("team-a").addToLabels("tenant", "a")
                .endMetadata().build()).create();
        webhook.on("/sel", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/selected\",\"value\":\"y\"}]"));
        MutatingWebhook selective = Hooks.mutating("sel.test", ca.caBundle(), "/sel");
        selective.getObjectSelector().setMatchLabels(Map.of("spark-role", "driver"));
        selective.getNamespaceSelector().setMatchLabels(Map.of("tenant", "a"));
        install(selective);

        Pod inTeamA = client.pods().inNamespace("team-a").resource(driver()).create();
        Pod inDefault = createDriver();
        Pod notSpark = client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .build()).create();

        assertThat(inTeamA.getMetadata().getLabels()).containsEntry("selected", "y");
        assertThat(inDefault.getMetadata().getLabels()).doesNotContainKey("selected");
        assertThat(notSpark.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(api.stats().calls("sel.test")).isEqualTo(1);
    }

    @Test
    void missingNamespaceStillCarriesItsMetadataNameLabel() {
        webhook.on("/sel", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/selected\",\"value\":\"y\"}]"));
        MutatingWebhook byName = Hooks.mutating("byname.test", ca.caBundle(), "/sel");
        byName.getNamespaceSelector().setMatchExpressions(List.of(new io.fabric8.kubernetes.api.model
                .LabelSelectorRequirementBuilder().withKey("kubernetes.io/metadata.name").withOperator("NotIn")
                .withValues("kube-system", "sys").build()));
        install(byName);

        assertThat(client.pods().inNamespace("never-created").resource(driver()).create().getMetadata().getLabels())
                .containsEntry("selected", "y");
        assertThat(client.pods().inNamespace("kube-system").resource(driver()).create().getMetadata().getLabels())
                .doesNotContainKey("selected");
    }

    @Test
    void callsUrlWebhooksAndVerifiesTheirHostname() {
        try (FakeWebhook local = FakeWebhook.start(ca.issue("localhost").serverContext())) {
            local.on("/url", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/via\",\"value\":\"url\"}]"));
            MutatingWebhook byUrl = Hooks.mutating("url.test", ca.caBundle(), "/url");
            byUrl.getClientConfig().setService(null);
            byUrl.getClientConfig().setUrl("https://localhost:" + local.port() + "/url");
            install(byUrl);

            assertThat(createDriver().getMetadata().getLabels()).containsEntry("via", "url");
        }
    }

    @Test
    void dryRunIsAdmittedButNotStored() throws Exception {
        webhook.on("/m1", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/dry\",\"value\":\""
                + r.path("dryRun").asText() + "\"}]"));
        install(Hooks.mutating("m1.test", ca.caBundle(), "/m1"));
        HttpRequest post = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods?dryRun=All"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(driver()))).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Json.read(response.body(), Pod.class).getMetadata().getLabels()).containsEntry("dry", "true");
        assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void badBodiesGetAClearStatusAndStoreNothing() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.body()).path("message").asText())
                .startsWith("the request body is not valid JSON");
        assertThat(api.storedObjects()).isZero();
    }
}
