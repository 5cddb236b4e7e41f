package io.sparkgate.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.sparkgate.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookMatcherTest {

    private static Webhook hook(java.util.function.Consumer<MutatingWebhook> tweak) {
        MutatingWebhook w = Hooks.mutating("h", "", "/");
        tweak.accept(w);
        return Webhook.of("c", w);
    }

    private static AdmissionRequest request(String uri, String operation, JsonNode old) {
        ResourcePath path = ResourcePath.parse(uri).orElseThrow();
        return new AdmissionRequest("u", new AdmissionRequest.GroupVersionKind("", "v1", "Pod"), path, operation,
                path.name(), Json.mapper().createObjectNode(), old, false, Json.mapper().createObjectNode());
    }

    private static ObjectNode pod(String... labels) {
        ObjectNode pod = Json.mapper().createObjectNode();
        ObjectNode l = pod.putObject("metadata").putObject("labels");
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return pod;
    }

    private static final Map<String, String> NS = Map.of("kubernetes.io/metadata.name", "default");

    @Test
    void rulesMatchOperationGroupVersionResourceAndSubresource() {
        Webhook pods = hook(w -> { });
        assertThat(WebhookMatcher.matches(pods, request("/api/v1/namespaces/default/pods", "CREATE", null), pod(), NS))
                .isTrue();
        assertThat(WebhookMatcher.matches(pods, request("/api/v1/namespaces/default/pods/p", "DELETE", null), pod(), NS))
                .isFalse();
        assertThat(WebhookMatcher.matches(pods,
                request("/api/v1/namespaces/default/pods/p/status", "UPDATE", pod()), pod(), NS)).isFalse();
        assertThat(WebhookMatcher.matches(pods,
                request("/api/v1/namespaces/default/configmaps", "CREATE", null), pod(), NS)).isFalse();
        assertThat(WebhookMatcher.matches(pods,
                request("/apis/apps/v1/namespaces/default/pods", "CREATE", null), pod(), NS)).isFalse();

        Webhook statuses = hook(w -> w.setRules(List.of(new RuleWithOperationsBuilder().withOperations("*")
                .withApiGroups("*").withApiVersions("*").withResources("*/status").build())));
        assertThat(WebhookMatcher.matches(statuses,
                request("/api/v1/namespaces/default/pods/p/status", "UPDATE", pod()), pod(), NS)).isTrue();
        assertThat(WebhookMatcher.matches(statuses,
                request("/api/v1/namespaces/default/pods/p", "UPDATE", pod()), pod(), NS)).isFalse();
    }

    @Test
    void scopeSeparatesNamespacedFromClusterObjects() {
        Webhook clusterOnly = hook(w -> w.setRules(List.of(new RuleWithOperationsBuilder().withOperations("CREATE")
                .withApiGroups("").withApiVersions("v1").withResources("namespaces", "pods").withScope("Cluster")
                .build())));
        assertThat(WebhookMatcher.matches(clusterOnly, request("/api/v1/namespaces", "CREATE", null), pod(), NS))
                .isTrue();
        assertThat(WebhookMatcher.matches(clusterOnly,
                request("/api/v1/namespaces/default/pods", "CREATE", null), pod(), NS)).isFalse();
    }

    @Test
    void objectSelectorMatchesNewOrOldObject() {
        Webhook drivers = hook(w -> w.setObjectSelector(new LabelSelectorBuilder()
                .addToMatchLabels("spark-role", "driver").build()));
        AdmissionRequest create = request("/api/v1/namespaces/default/pods", "CREATE", null);
        assertThat(WebhookMatcher.matches(drivers, create, pod("spark-role", "driver"), NS)).isTrue();
        assertThat(WebhookMatcher.matches(drivers, create, pod("spark-role", "executor"), NS)).isFalse();
        AdmissionRequest update = request("/api/v1/namespaces/default/pods/p", "UPDATE", pod("spark-role", "driver"));
        assertThat(WebhookMatcher.matches(drivers, update, pod(), NS)).isTrue();
    }

    @Test
    void namespaceSelectorUsesNamespaceLabelsAndExpressions() {
        Webhook notSystem = hook(w -> w.setNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression()
                .withKey("kubernetes.io/metadata.name").withOperator("NotIn").withValues("kube-system").endMatchExpression()
                .addNewMatchExpression().withKey("opt-out").withOperator("DoesNotExist").endMatchExpression().build()));
        AdmissionRequest create = request("/api/v1/namespaces/default/pods", "CREATE", null);
        assertThat(WebhookMatcher.matches(notSystem, create, pod(), NS)).isTrue();
        assertThat(WebhookMatcher.matches(notSystem, create, pod(),
                Map.of("kubernetes.io/metadata.name", "kube-system"))).isFalse();
        assertThat(WebhookMatcher.matches(notSystem, create, pod(),
                Map.of("kubernetes.io/metadata.name", "x", "opt-out", "true"))).isFalse();
        // A Namespace object is matched on its own labels.
        Webhook tenants = hook(w -> {
            w.setRules(List.of(new RuleWithOperationsBuilder().withOperations("CREATE").withApiGroups("")
                    .withApiVersions("v1").withResources("namespaces").build()));
            w.setNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("tenant")
                    .withOperator("In").withValues("a", "b").endMatchExpression().build());
        });
        AdmissionRequest ns = request("/api/v1/namespaces", "CREATE", null);
        assertThat(WebhookMatcher.matches(tenants, ns, pod("tenant", "a"), Map.of())).isTrue();
        assertThat(WebhookMatcher.matches(tenants, ns, pod("tenant", "c"), Map.of())).isFalse();
    }

    @Test
    void parsesPaths() {
        assertThat(ResourcePath.parse("/api/v1/namespaces/ns/pods/p/status?dryRun=All")).hasValueSatisfying(p -> {
            assertThat(p).extracting(ResourcePath::group, ResourcePath::version, ResourcePath::namespace,
                    ResourcePath::resource, ResourcePath::name, ResourcePath::subresource)
                    .containsExactly("", "v1", "ns", "pods", "p", "status");
            assertThat(p.dryRun()).isTrue();
            assertThat(p.collectionPath()).isEqualTo("/api/v1/namespaces/ns/pods");
        });
        assertThat(ResourcePath.parse("/apis/sparkgate.io/v1alpha1/sparkpolicies/p")).hasValueSatisfying(p -> {
            assertThat(p.namespaced()).isFalse();
            assertThat(p.apiVersion()).isEqualTo("sparkgate.io/v1alpha1");
            assertThat(p.objectPath()).isEqualTo("/apis/sparkgate.io/v1alpha1/sparkpolicies/p");
        });
        assertThat(ResourcePath.parse("/api/v1/namespaces/team-a")).hasValueSatisfying(p -> {
            assertThat(p.namespaced()).isFalse();
            assertThat(p.resource()).isEqualTo("namespaces");
            assertThat(p.name()).isEqualTo("team-a");
        });
        assertThat(ResourcePath.parse("/api/v1/namespaces/team-a/status")).hasValueSatisfying(p ->
                assertThat(p.subresource()).isEqualTo("status"));
        assertThat(ResourcePath.parse("/version")).isEmpty();
        assertThat(ResourcePath.parse("/apis")).isEmpty();
    }
}
