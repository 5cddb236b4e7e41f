package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.testing.apiserver.AdmissionStats;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, phase 2: a webhook outage behaves as each failurePolicy says, with the chart's own webhook
 * configurations and kube-apiserver's wording: Fail refuses Spark pods and SparkApplications, Ignore admits Spark
 * pods unmutated, pods without {@code spark-role} never depend on sparkgate, and recovery needs no action.
 */
class FailurePolicyEndToEndIT {
    private static final String NS = "failure";

    @TempDir
    Path work;

    private KubernetesClient client;

    @Test
    void anOutageBehavesAsEachFailurePolicySays() {
        try (LocalCluster cluster = E2e.start(work, ChartWebhooks.chartDefaults(), null, 8)) {
            client = cluster.client();
            AdmissionStats stats = cluster.api().stats();
            E2e.namespace(client, NS, Map.of());
            String appUid = client.resources(SparkApplication.class).inNamespace(NS).resource(E2e.sparkPi(NS)).create()
                    .getMetadata().getUid();
            assertThat(E2e.ownedByApp(createPod("up-1"), appUid)).as("mutated while the webhook is up").isTrue();

            cluster.stopWebhook();

            // Chart defaults: mutating Ignore, validating Fail -> the quota check fails closed.
            KubernetesClientException refused = refusal("down-defaults");
            assertThat(refused.getCode()).isEqualTo(500);
            assertThat(refused.getStatus().getMessage()).startsWith("Internal error occurred: failed calling webhook "
                    + "\"" + ChartWebhooks.VALIDATE_PODS + "\": failed to call webhook: Post "
                    + "\"https://sparkgate.sparkgate-system.svc:443/validate/pods?timeout=5s\": dial tcp 127.0.0.1:")
                    .endsWith("connect: connection refused");
            assertThat(stats.ignoredFailures(ChartWebhooks.MUTATE_PODS)).isEqualTo(1);
            assertThat(client.pods().inNamespace(NS).withName("down-defaults").get()).isNull();
            KubernetesClientException appRefused = catchThrowableOfType(KubernetesClientException.class,
                    () -> client.resources(SparkApplication.class).inNamespace(NS)
                            .resource(renamed(E2e.sparkPi(NS), "second")).create());
            assertThat(appRefused.getStatus().getMessage()).contains("failed calling webhook \""
                    + ChartWebhooks.VALIDATE_APPS + "\"");
            // objectSelector: only Spark pods are sent to sparkgate, so other pods never depend on it.
            Pod plain = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("not-spark")
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                    .endSpec().build()).create();
            assertThat(plain.getMetadata().getUid()).isNotBlank();

            // webhooks.validating.failurePolicy=Ignore too: Spark pods are admitted, unmutated.
            setFailurePolicies(client, "Ignore", "Ignore");
            JsonNode unmutated = createPod("down-ignore");
            assertThat(E2e.ownedByApp(unmutated, appUid)).isFalse();
            assertThat(stats.ignoredFailures(ChartWebhooks.VALIDATE_PODS)).isEqualTo(1);

            // webhooks.mutating.failurePolicy=Fail: the mutation itself fails closed.
            setFailurePolicies(client, "Fail", "Ignore");
            assertThat(refusal("down-fail").getStatus().getMessage()).contains("failed calling webhook \""
                    + ChartWebhooks.MUTATE_PODS + "\"").endsWith("connect: connection refused");

            cluster.restartWebhook();
            assertThat(E2e.ownedByApp(createPod("up-again"), appUid)).as("mutated again after the restart").isTrue();
        }
    }

    private JsonNode createPod(String name) {
        ObjectNode pod = E2e.sparkPiDriver(name);
        GenericKubernetesResource created = client.genericKubernetesResources("v1", "Pod").inNamespace(NS)
                .resource(Json.mapper().convertValue(pod, GenericKubernetesResource.class)).create();
        return Json.mapper().valueToTree(created);
    }

    private KubernetesClientException refusal(String name) {
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> createPod(name));
        assertThat(e).as("creating " + name + " is refused").isNotNull();
        return e;
    }

    private static SparkApplication renamed(SparkApplication app, String name) {
        app.getMetadata().setName(name);
        return app;
    }

    private static void setFailurePolicies(KubernetesClient client, String mutating, String validating) {
        var registration = client.admissionRegistration().v1();
        registration.mutatingWebhookConfigurations().withName(ChartWebhooks.SERVICE).edit(c -> {
            c.getWebhooks().forEach(w -> w.setFailurePolicy(mutating));
            return c;
        });
        registration.validatingWebhookConfigurations().withName(ChartWebhooks.SERVICE).edit(c -> {
            c.getWebhooks().forEach(w -> w.setFailurePolicy(validating));
            return c;
        });
    }
}
