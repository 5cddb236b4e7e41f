package io.sparkgate.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Helm chart's webhook configurations as {@code helm template} renders them with the chart's defaults (release
 * {@code sparkgate} in {@code sparkgate-system}, no caBundle: the certificate bootstrap injects it). The only
 * change offered is the one the chart's values offer: each side's failurePolicy.
 *
 * @param mutating   the MutatingWebhookConfiguration
 * @param validating the ValidatingWebhookConfiguration
 */
public record ChartWebhooks(MutatingWebhookConfiguration mutating, ValidatingWebhookConfiguration validating) {
    /** The chart's release namespace, where the webhook Service lives. */
    public static final String NAMESPACE = "sparkgate-system";
    /** The chart's webhook Service (and configuration) name. */
    public static final String SERVICE = "sparkgate";
    /** The Service port the configurations call. */
    public static final int SERVICE_PORT = 443;
    /** The pod mutation webhook's name. */
    public static final String MUTATE_PODS = "mutate-pods.sparkgate.io";
    /** The pod validation (tenant quota) webhook's name. */
    public static final String VALIDATE_PODS = "validate-pods.sparkgate.io";
    /** The SparkApplication validation webhook's name. */
    public static final String VALIDATE_APPS = "validate-sparkapplications.sparkgate.io";

    /** The configurations as the chart renders them by default (mutating Ignore, validating Fail). */
    public static ChartWebhooks chartDefaults() {
        return parse(DevResources.text(DevResources.WEBHOOK_CONFIGURATIONS));
    }

    /** Parses rendered YAML holding one configuration of each kind. */
    public static ChartWebhooks parse(String yaml) {
        MutatingWebhookConfiguration mutating = null;
        ValidatingWebhookConfiguration validating = null;
        try (MappingIterator<JsonNode> docs = Json.yaml().readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isMissingNode() || doc.isNull()) {
                    continue;
                }
                switch (doc.path("kind").asText()) {
                    case "MutatingWebhookConfiguration" ->
                            mutating = Json.mapper().convertValue(doc, MutatingWebhookConfiguration.class);
                    case "ValidatingWebhookConfiguration" ->
                            validating = Json.mapper().convertValue(doc, ValidatingWebhookConfiguration.class);
                    default -> throw new IllegalArgumentException("unexpected kind in the rendered chart: "
                            + doc.path("kind").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (mutating == null || validating == null) {
            throw new IllegalArgumentException("the rendered chart lacks a Mutating- or ValidatingWebhookConfiguration");
        }
        return new ChartWebhooks(mutating, validating);
    }

    /**
     * A copy with the failurePolicy the chart's {@code webhooks.mutating.failurePolicy} and
     * {@code webhooks.validating.failurePolicy} values would set ({@code Fail} or {@code Ignore}; null keeps it).
     */
    public ChartWebhooks withFailurePolicies(String mutatingPolicy, String validatingPolicy) {
        MutatingWebhookConfiguration m = Json.deepCopy(mutating, MutatingWebhookConfiguration.class);
        ValidatingWebhookConfiguration v = Json.deepCopy(validating, ValidatingWebhookConfiguration.class);
        if (mutatingPolicy != null) {
            m.getWebhooks().forEach(w -> w.setFailurePolicy(mutatingPolicy));
        }
        if (validatingPolicy != null) {
            v.getWebhooks().forEach(w -> w.setFailurePolicy(validatingPolicy));
        }
        return new ChartWebhooks(m, v);
    }

    /** Both configurations, mutating first. */
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(mutating);
        all.add(validating);
        return all;
    }

    /** One line per configuration: kind, name, and each webhook with its failurePolicy. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("MutatingWebhookConfiguration " + mutating.getMetadata().getName() + ": "
                + String.join(", ", mutating.getWebhooks().stream()
                .map(w -> w.getName() + " (" + w.getFailurePolicy() + ")").toList()));
        lines.add("ValidatingWebhookConfiguration " + validating.getMetadata().getName() + ": "
                + String.join(", ", validating.getWebhooks().stream()
                .map(w -> w.getName() + " (" + w.getFailurePolicy() + ")").toList()));
        return lines;
    }
}
