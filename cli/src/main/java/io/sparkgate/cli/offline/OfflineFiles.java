package io.sparkgate.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.ObjectReading;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.SparkPolicyValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the files of the offline verbs: multi-document YAML or JSON, {@code kind: List} flattened. Every problem
 * is an {@link IllegalArgumentException} naming the file and, where known, the field.
 */
final class OfflineFiles {
    private OfflineFiles() {
    }

    /** The documents of a file, {@code List} items flattened, empty documents skipped. */
    static List<JsonNode> documents(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.yaml().readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if ("List".equals(doc.path("kind").asText()) && doc.path("items").isArray()) {
                    doc.path("items").forEach(out::add);
                } else {
                    out.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not valid YAML or JSON (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** The single document of a file. */
    static JsonNode single(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one object, found " + docs.size());
        }
        return docs.get(0);
    }

    /** The SparkPolicies of the files, each validated as the admission endpoint does; invalid ones are errors. */
    static PolicyIndex policies(List<Path> files) {
        List<SparkPolicy> policies = new ArrayList<>();
        for (Path f : files) {
            for (JsonNode doc : documents(f)) {
                List<String> problems = SparkPolicyValidator.validate(doc);
                String name = doc.path("metadata").path("name").asText("?");
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException(f + ": SparkPolicy " + name + " is invalid: "
                            + String.join("; ", problems));
                }
                policies.add(SparkPolicyValidator.read(doc));
            }
        }
        return PolicyIndex.of(policies);
    }

    /** A view of the cluster from a usage file (Namespaces, SparkApplications, Pods, ResourceQuotas). */
    static ClusterSnapshot usage(Path file, String namespace, Map<String, String> namespaceLabels) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder();
        if (!namespaceLabels.isEmpty()) {
            b.namespace(namespace, namespaceLabels);
        }
        if (file == null) {
            return b.build();
        }
        for (JsonNode doc : documents(file)) {
            String kind = doc.path("kind").asText();
            Class<? extends HasMetadata> type = switch (kind) {
                case "Namespace" -> Namespace.class;
                case "SparkApplication" -> SparkApplication.class;
                case "Pod" -> Pod.class;
                case "ResourceQuota" -> ResourceQuota.class;
                default -> throw new IllegalArgumentException(file + ": kind \"" + kind + "\" is not one of "
                        + "Namespace, SparkApplication, Pod, ResourceQuota");
            };
            try {
                b.add(ObjectReading.read(Json.mapper(), doc, type));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }
}
