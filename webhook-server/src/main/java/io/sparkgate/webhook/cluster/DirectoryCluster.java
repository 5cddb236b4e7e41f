package io.sparkgate.webhook.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.SparkPolicyValidator;
import io.sparkgate.webhook.apps.DirectoryAppLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a {@link StaticCluster} from directories of manifests (YAML or JSON, several documents per file, a
 * {@code List} expanded): SparkApplications, Namespaces (their labels select policies), Spark pods and
 * ResourceQuotas from the apps directory; SparkPolicies from the policies directory. Other kinds are ignored.
 */
public final class DirectoryCluster {
    private DirectoryCluster() {
    }

    /**
     * The objects of {@code appsDir}, with no policies yet.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static StaticCluster load(Path appsDir) {
        DirectoryAppLookup apps = DirectoryAppLookup.load(appsDir);
        ClusterSnapshot.Builder view = ClusterSnapshot.builder();
        apps.all().forEach(view::app);
        for (Document doc : documents(appsDir)) {
            try {
                switch (doc.node().path("kind").asText()) {
                    case "Namespace" -> view.add(Json.mapper().treeToValue(doc.node(), Namespace.class));
                    case "Pod" -> view.add(withNamespace(Json.mapper().treeToValue(doc.node(), Pod.class)));
                    case "ResourceQuota" -> view.add(withNamespace(Json.mapper().treeToValue(doc.node(),
                            ResourceQuota.class)));
                    default -> { }
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(doc.file() + ": " + doc.node().path("kind").asText() + " "
                        + doc.node().path("metadata").path("name").asText() + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new StaticCluster(apps, view.build(), PolicyIndex.empty(), StaticCluster.newLedger(),
                appsDir + " " + apps.names());
    }

    /**
     * The SparkPolicies of {@code dir}, each checked as the validating endpoint checks it.
     *
     * @throws IllegalArgumentException naming the file, the policy and every problem of an invalid one
     */
    public static PolicyIndex policies(Path dir) {
        List<SparkPolicy> policies = new ArrayList<>();
        for (Document doc : documents(dir)) {
            if (!SparkPolicy.KIND.equals(doc.node().path("kind").asText())) {
                continue;
            }
            List<String> problems = SparkPolicyValidator.validate(doc.node());
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(doc.file() + ": SparkPolicy "
                        + doc.node().path("metadata").path("name").asText() + " is invalid: "
                        + String.join("; ", problems));
            }
            policies.add(SparkPolicyValidator.read(doc.node()));
        }
        return PolicyIndex.of(policies);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T withNamespace(T object) {
        if (object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty()) {
            object.getMetadata().setNamespace("default");
        }
        return object;
    }

    private record Document(Path file, JsonNode node) {
    }

    private static List<Document> documents(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " does not exist or is not a directory");
        }
        List<Document> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(DirectoryCluster::isManifest).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = Json.yaml().readerFor(JsonNode.class)
                        .readValues(Files.readString(file, StandardCharsets.UTF_8))) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && doc.path("kind").asText().endsWith("List") && doc.has("items")) {
                            doc.path("items").forEach(item -> out.add(new Document(file, item)));
                        } else if (doc != null && doc.isObject()) {
                            out.add(new Document(file, doc));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + ": not valid YAML or JSON: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }
}
