package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/** Webhook configurations as the Helm chart creates them (caBundle empty), and readers of what they publish. */
final class MockCluster {
    static final String NS = "spark-system";
    static final String SVC = "sparkgate";

    private MockCluster() {
    }

    static void createWebhookConfigurations(KubernetesClient client) {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(SVC).endMetadata()
                        .addNewWebhook().withName("pods.sparkgate.io").withNewClientConfig().withNewService()
                        .withNamespace(NS).withName(SVC).withPath("/mutate/pods").endService().endClientConfig()
                        .endWebhook()
                        .addNewWebhook().withName("executors.sparkgate.io").withNewClientConfig().withNewService()
                        .withNamespace(NS).withName(SVC).withPath("/mutate/pods").endService().endClientConfig()
                        .endWebhook().build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(SVC).endMetadata()
                        .addNewWebhook().withName("pods.sparkgate.io").withNewClientConfig().withNewService()
                        .withNamespace(NS).withName(SVC).withPath("/validate/pods").endService().endClientConfig()
                        .endWebhook()
                        .addNewWebhook().withName("apps.sparkgate.io").withNewClientConfig().withNewService()
                        .withNamespace(NS).withName(SVC).withPath("/validate/sparkapplications").endService()
                        .endClientConfig().endWebhook().build()).create();
    }

    static MutatingWebhookConfiguration mutating(KubernetesClient client) {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(SVC).get();
    }

    static ValidatingWebhookConfiguration validating(KubernetesClient client) {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(SVC).get();
    }

    /** The caBundle of every entry of both configurations, decoded. */
    static List<List<X509Certificate>> bundles(KubernetesClient client) {
        return Stream.concat(mutating(client).getWebhooks().stream().map(w -> w.getClientConfig().getCaBundle()),
                validating(client).getWebhooks().stream().map(w -> w.getClientConfig().getCaBundle()))
                .map(CaBundleInjector::decode).toList();
    }

    /** What the API server trusts when calling the first mutating entry. */
    static List<X509Certificate> apiServerTrust(KubernetesClient client) {
        return CaBundleInjector.decode(mutating(client).getWebhooks().get(0).getClientConfig().getCaBundle());
    }
}
