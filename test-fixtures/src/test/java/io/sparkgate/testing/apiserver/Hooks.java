package io.sparkgate.testing.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import java.util.List;

/** Webhook configurations for tests: pods CREATE/UPDATE, failurePolicy Fail, 2 s timeout, service {@code hooks.sys}. */
final class Hooks {
    static final String NAMESPACE = "sys";
    static final String SERVICE = "hooks";

    private Hooks() {
    }

    static RuleWithOperations podRule(String... operations) {
        return new RuleWithOperationsBuilder().withOperations(operations).withApiGroups("").withApiVersions("v1")
                .withResources("pods").withScope("*").build();
    }

    static WebhookClientConfig service(String caBundle, String path) {
        ServiceReference ref = new ServiceReference(SERVICE, NAMESPACE, path, 443);
        return new WebhookClientConfig(caBundle, ref, null);
    }

    static MutatingWebhook mutating(String name, String caBundle, String path) {
        MutatingWebhook w = new MutatingWebhook();
        w.setName(name);
        w.setAdmissionReviewVersions(List.of("v1"));
        w.setSideEffects("None");
        w.setFailurePolicy("Fail");
        w.setTimeoutSeconds(2);
        w.setReinvocationPolicy("Never");
        w.setClientConfig(service(caBundle, path));
        w.setRules(List.of(podRule("CREATE", "UPDATE")));
        w.setObjectSelector(new LabelSelector());
        w.setNamespaceSelector(new LabelSelector());
        return w;
    }

    static ValidatingWebhook validating(String name, String caBundle, String path) {
        ValidatingWebhook w = new ValidatingWebhook();
        w.setName(name);
        w.setAdmissionReviewVersions(List.of("v1"));
        w.setSideEffects("None");
        w.setFailurePolicy("Fail");
        w.setTimeoutSeconds(2);
        w.setClientConfig(service(caBundle, path));
        w.setRules(List.of(podRule("CREATE", "UPDATE")));
        return w;
    }

    static MutatingWebhookConfiguration mutatingConfig(String name, MutatingWebhook... webhooks) {
        MutatingWebhookConfiguration c = new MutatingWebhookConfiguration();
        c.setMetadata(new ObjectMetaBuilder().withName(name).build());
        c.setWebhooks(List.of(webhooks));
        return c;
    }

    static ValidatingWebhookConfiguration validatingConfig(String name, ValidatingWebhook... webhooks) {
        ValidatingWebhookConfiguration c = new ValidatingWebhookConfiguration();
        c.setMetadata(new ObjectMetaBuilder().withName(name).build());
        c.setWebhooks(List.of(webhooks));
        return c;
    }
}
