package io.sparkgate.testing.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import java.util.List;
import java.util.Objects;

/**
 * One webhook of a Mutating- or ValidatingWebhookConfiguration, with the defaults kube-apiserver applies
 * to {@code admissionregistration.k8s.io/v1} already filled in.
 *
 * @param configuration name of the configuration object it came from (webhooks run sorted by it)
 * @param name          the webhook's name, as used in kube-apiserver's error messages
 * @param mutating      whether it may patch the object
 * @param clientConfig  where to call it
 * @param rules         what it is called for
 * @param failOpen      failurePolicy Ignore (true) or Fail (false, the v1 default)
 * @param namespaceSelector selector on the namespace's labels (matches everything when empty)
 * @param objectSelector    selector on the object's labels (matches everything when empty)
 * @param sideEffects   None, NoneOnDryRun, Some or Unknown
 * @param timeoutSeconds call timeout, 10 by default
 * @param reinvokeIfNeeded reinvocationPolicy IfNeeded (mutating webhooks only)
 */
public record Webhook(String configuration, String name, boolean mutating, WebhookClientConfig clientConfig,
                      List<RuleWithOperations> rules, boolean failOpen, LabelSelector namespaceSelector,
                      LabelSelector objectSelector, String sideEffects, int timeoutSeconds,
                      boolean reinvokeIfNeeded) {

    private static final int DEFAULT_TIMEOUT_SECONDS = 10;

    /** A mutating webhook of the named configuration. */
    public static Webhook of(String configuration, MutatingWebhook w) {
        return new Webhook(configuration, w.getName(), true, w.getClientConfig(), nonNull(w.getRules()),
                "Ignore".equals(w.getFailurePolicy()), w.getNamespaceSelector(), w.getObjectSelector(),
                w.getSideEffects(), timeout(w.getTimeoutSeconds()), "IfNeeded".equals(w.getReinvocationPolicy()));
    }

    /** A validating webhook of the named configuration. */
    public static Webhook of(String configuration, ValidatingWebhook w) {
        return new Webhook(configuration, w.getName(), false, w.getClientConfig(), nonNull(w.getRules()),
                "Ignore".equals(w.getFailurePolicy()), w.getNamespaceSelector(), w.getObjectSelector(),
                w.getSideEffects(), timeout(w.getTimeoutSeconds()), false);
    }

    /** Whether calling it on a dry-run request is allowed (sideEffects None or NoneOnDryRun). */
    public boolean dryRunSafe() {
        return "None".equals(sideEffects) || "NoneOnDryRun".equals(sideEffects);
    }

    private static int timeout(Integer seconds) {
        return Objects.requireNonNullElse(seconds, DEFAULT_TIMEOUT_SECONDS);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
