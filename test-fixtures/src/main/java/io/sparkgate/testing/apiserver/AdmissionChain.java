package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's webhook admission for one write: mutating webhooks in order with their JSON patches applied,
 * one reinvocation round for reinvocationPolicy IfNeeded, then the validating webhooks in parallel. Each webhook's
 * failurePolicy decides what a failed call means; a denial refuses the write with the webhook's code and message.
 */
final class AdmissionChain {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionChain.class);

    private final WebhookConfigurations configurations;
    private final WebhookClient client;
    private final AdmissionStats stats;

    AdmissionChain(WebhookConfigurations configurations, WebhookClient client, AdmissionStats stats) {
        this.configurations = configurations;
        this.client = client;
        this.stats = stats;
    }

    /** Result of one mutating step: the object as it now stands, or a refusal. */
    private record Step(JsonNode object, boolean changed, AdmissionOutcome.Rejected rejected) {
    }

    /** Whether any webhook applies to the write at all (writes nobody watches skip admission entirely). */
    boolean applies(AdmissionRequest request, JsonNode object) {
        Map<String, String> labels = namespaceLabels(request);
        return configurations.mutating().stream().anyMatch(w -> WebhookMatcher.matches(w, request, object, labels))
                || configurations.validating().stream().anyMatch(w -> WebhookMatcher.matches(w, request, object, labels));
    }

    /** Runs admission for a write of the given object. */
    AdmissionOutcome admit(AdmissionRequest request, JsonNode object) {
        AdmissionOutcome outcome = run(request, object);
        stats.increment(outcome instanceof AdmissionOutcome.Admitted ? "admitted" : "rejected");
        return outcome;
    }

    private AdmissionOutcome run(AdmissionRequest request, JsonNode object) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> labels = namespaceLabels(request);
        List<Webhook> mutating = configurations.mutating();
        // By identity: a Webhook record's hashCode walks its whole clientConfig and rules, on every admission.
        Set<Webhook> invokedReinvocable = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Webhook> reinvoke = Collections.newSetFromMap(new IdentityHashMap<>());
        JsonNode current = object;
        for (Webhook webhook : mutating) {
            if (!WebhookMatcher.matches(webhook, request, current, labels)) {
                continue;
            }
            Step step = mutate(webhook, request, current, warnings);
            if (step.rejected() != null) {
                return step.rejected();
            }
            current = step.object();
            if (step.changed()) {
                // A later change means every earlier IfNeeded webhook has not seen the final object.
                reinvoke.addAll(invokedReinvocable);
                invokedReinvocable.clear();
            }
            if (webhook.reinvokeIfNeeded()) {
                invokedReinvocable.add(webhook);
            }
        }
        // One reinvocation round at most, as kube-apiserver's admission chain runs it.
        for (Webhook webhook : mutating) {
            if (reinvoke.contains(webhook) && WebhookMatcher.matches(webhook, request, current, labels)) {
                Step step = mutate(webhook, request, current, warnings);
                if (step.rejected() != null) {
                    return step.rejected();
                }
                current = step.object();
            }
        }
        return validate(request, current, labels, warnings);
    }

    private Step mutate(Webhook webhook, AdmissionRequest request, JsonNode current, List<String> warnings) {
        AdmissionOutcome.Rejected refusal = dryRunRefusal(webhook, request, warnings);
        if (refusal != null) {
            return new Step(current, false, refusal);
        }
        WebhookResult result = call(webhook, request, current).join();
        warnings.addAll(result.warnings());
        if (result instanceof WebhookResult.Failed failed) {
            return new Step(current, false, failed(webhook, failed, warnings));
        }
        if (result instanceof WebhookResult.Denied denied) {
            return new Step(current, false, denial(webhook, denied, warnings));
        }
        JsonNode patch = ((WebhookResult.Allowed) result).patch();
        return patch == null ? new Step(current, false, null) : applyPatch(webhook, patch, current, warnings);
    }

    private Step applyPatch(Webhook webhook, JsonNode patch, JsonNode current, List<String> warnings) {
        try {
            JsonNode patched = JsonPatch.fromJson(patch).apply(current);
            stats.increment("patches/" + webhook.name());
            return new Step(patched, !patched.equals(current), null);
        } catch (IOException | JsonPatchException e) {
            // kube-apiserver refuses the write whatever the failurePolicy: the webhook answered, wrongly.
            stats.increment("failures/" + webhook.name());
            return new Step(current, false, new AdmissionOutcome.Rejected(500, "InternalError",
                    "Internal error occurred: JSON patch from webhook \"" + webhook.name() + "\" could not be applied: "
                            + e.getMessage(), List.copyOf(warnings)));
        }
    }

    private AdmissionOutcome validate(AdmissionRequest request, JsonNode object, Map<String, String> labels,
                                      List<String> warnings) {
        List<Webhook> matching = configurations.validating().stream()
                .filter(w -> WebhookMatcher.matches(w, request, object, labels)).toList();
        for (Webhook webhook : matching) {
            AdmissionOutcome.Rejected refusal = dryRunRefusal(webhook, request, warnings);
            if (refusal != null) {
                return refusal;
            }
        }
        // Validating webhooks may not change anything, so kube-apiserver calls them all at once.
        List<CompletableFuture<WebhookResult>> calls = matching.stream().map(w -> call(w, request, object)).toList();
        AdmissionOutcome.Rejected first = null;
        for (int i = 0; i < matching.size(); i++) {
            Webhook webhook = matching.get(i);
            WebhookResult result = calls.get(i).join();
            warnings.addAll(result.warnings());
            AdmissionOutcome.Rejected rejected = null;
            if (result instanceof WebhookResult.Failed failed) {
                rejected = failed(webhook, failed, warnings);
            } else if (result instanceof WebhookResult.Denied denied) {
                rejected = denial(webhook, denied, warnings);
            }
            if (first == null) {
                first = rejected;
            }
        }
        if (first != null) {
            return new AdmissionOutcome.Rejected(first.code(), first.reason(), first.message(), List.copyOf(warnings));
        }
        return new AdmissionOutcome.Admitted(object, List.copyOf(warnings));
    }

    private CompletableFuture<WebhookResult> call(Webhook webhook, AdmissionRequest request, JsonNode object) {
        stats.increment("calls/" + webhook.name());
        LOG.debug("calling webhook {} for {} {}/{} ({})", webhook.name(), request.operation(),
                request.path().namespace(), request.name(), request.uid());
        return client.call(webhook, request.toJson(object));
    }

    // kube-apiserver refuses a dry run that reaches a webhook with side effects (a 400, not a webhook failure).
    private static AdmissionOutcome.Rejected dryRunRefusal(Webhook webhook, AdmissionRequest request,
                                                           List<String> warnings) {
        if (!request.dryRun() || webhook.dryRunSafe()) {
            return null;
        }
        return new AdmissionOutcome.Rejected(400, "BadRequest",
                "admission webhook \"" + webhook.name() + "\" does not support dry run", List.copyOf(warnings));
    }

    /** The refusal for a failed call under failurePolicy Fail; null when the policy is Ignore. */
    private AdmissionOutcome.Rejected failed(Webhook webhook, WebhookResult.Failed failed, List<String> warnings) {
        stats.increment("failures/" + webhook.name());
        if (webhook.failOpen()) {
            stats.increment("ignored/" + webhook.name());
            LOG.debug("failed calling webhook {}, ignored by failurePolicy: {}", webhook.name(), failed.error());
            return null;
        }
        LOG.debug("failed calling webhook {}: {}", webhook.name(), failed.error());
        return new AdmissionOutcome.Rejected(500, "InternalError",
                "Internal error occurred: failed calling webhook \"" + webhook.name() + "\": " + failed.error(),
                List.copyOf(warnings));
    }

    // Mirrors kube-apiserver's webhookerrors.ToStatusErr: codes below 400 become 403, the message names the webhook.
    private AdmissionOutcome.Rejected denial(Webhook webhook, WebhookResult.Denied denied, List<String> warnings) {
        stats.increment("denials/" + webhook.name());
        String deniedBy = "admission webhook \"" + webhook.name() + "\" denied the request";
        String message;
        if (!denied.message().isEmpty()) {
            message = deniedBy + ": " + denied.message();
        } else if (!denied.reason().isEmpty()) {
            message = deniedBy + ": " + denied.reason();
        } else {
            message = deniedBy + " without explanation";
        }
        int code = denied.code() < 400 ? 403 : denied.code();
        return new AdmissionOutcome.Rejected(code, denied.reason(), message, List.copyOf(warnings));
    }

    private Map<String, String> namespaceLabels(AdmissionRequest request) {
        return request.path().namespaced() ? configurations.namespaceLabels(request.path().namespace()) : Map.of();
    }
}
