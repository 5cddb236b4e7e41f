package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.sparkgate.api.LabelSelectors;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a webhook is called for a request, the way kube-apiserver does: rules (operations, apiGroups,
 * apiVersions, resources with subresources, scope), namespaceSelector and objectSelector. matchPolicy is treated
 * as Exact and matchConditions (CEL) are not evaluated.
 */
final class WebhookMatcher {

    private WebhookMatcher() {
    }

    /** Whether the webhook applies to the request, given the object, the old object and the namespace's labels. */
    static boolean matches(Webhook webhook, AdmissionRequest request, JsonNode object,
                           Map<String, String> namespaceLabels) {
        return matchesRules(webhook.rules(), request)
                && matchesNamespace(webhook.namespaceSelector(), request, object, namespaceLabels)
                && matchesObject(webhook.objectSelector(), object, request.oldObject());
    }

    private static boolean matchesRules(List<RuleWithOperations> rules, AdmissionRequest request) {
        return rules.stream().anyMatch(rule -> matchesRule(rule, request));
    }

    private static boolean matchesRule(RuleWithOperations rule, AdmissionRequest request) {
        ResourcePath path = request.path();
        return listMatches(rule.getOperations(), request.operation())
                && listMatches(rule.getApiGroups(), path.group())
                && listMatches(rule.getApiVersions(), path.version())
                && resourceMatches(rule.getResources(), path.resource(), path.subresource())
                && scopeMatches(rule.getScope(), path);
    }

    private static boolean listMatches(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }

    // "pods" matches the pod itself only; "pods/status", "pods/*", "*/status" and "*/*" match subresources.
    private static boolean resourceMatches(List<String> resources, String resource, String subresource) {
        if (resources == null) {
            return false;
        }
        if (subresource == null) {
            return resources.contains("*") || resources.contains(resource);
        }
        return resources.contains(resource + "/" + subresource) || resources.contains("*/" + subresource)
                || resources.contains(resource + "/*") || resources.contains("*/*");
    }

    private static boolean scopeMatches(String scope, ResourcePath path) {
        if (scope == null || scope.equals("*")) {
            return true;
        }
        return scope.equals("Namespaced") == path.namespaced();
    }

    // Cluster-scoped objects skip the namespaceSelector, except Namespaces, matched on their own labels.
    private static boolean matchesNamespace(LabelSelector selector, AdmissionRequest request, JsonNode object,
                                            Map<String, String> namespaceLabels) {
        if (isEmpty(selector)) {
            return true;
        }
        ResourcePath path = request.path();
        if (path.namespaced()) {
            return LabelSelectors.matches(selector, namespaceLabels);
        }
        if (path.group().isEmpty() && path.resource().equals("namespaces")) {
            return matchesObject(selector, object, request.oldObject());
        }
        return true;
    }

    // kube-apiserver calls the webhook when either the new or the old object matches.
    private static boolean matchesObject(LabelSelector selector, JsonNode object, JsonNode oldObject) {
        if (isEmpty(selector)) {
            return true;
        }
        return (object != null && LabelSelectors.matches(selector, AdmissionRequest.labels(object)))
                || (oldObject != null && LabelSelectors.matches(selector, AdmissionRequest.labels(oldObject)));
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (empty(selector.getMatchLabels()) && empty(selector.getMatchExpressions()));
    }

    private static boolean empty(Object mapOrList) {
        return mapOrList == null || (mapOrList instanceof Map<?, ?> m ? m.isEmpty() : ((List<?>) mapOrList).isEmpty());
    }
}
