package io.sparkgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.PolicyRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared helpers of the policy tests: the example policies and apps, and small builders. */
public final class Support {
    private Support() {
    }

    /** The repository's examples folder. */
    public static Path examples() {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("examples");
    }

    /** A file of examples/ as text. */
    public static String example(String file) {
        try {
            return Files.readString(examples().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An example policy of examples/policies. */
    public static SparkPolicy policy(String file) {
        return Json.read(example("policies/" + file), SparkPolicy.class);
    }

    /** An index of the given example policies, each checked valid through the registry. */
    public static PolicyIndex index(String... files) {
        PolicyRegistry registry = new PolicyRegistry();
        for (String f : files) {
            List<String> problems = registry.upsert(policy(f));
            if (!problems.isEmpty()) {
                throw new AssertionError(f + ": " + problems);
            }
        }
        return registry.snapshot();
    }

    /** An example SparkApplication, moved to {@code namespace}. */
    public static SparkApplication app(String file, String namespace) {
        SparkApplication app = Json.read(example(file), SparkApplication.class);
        app.getMetadata().setNamespace(namespace);
        return app;
    }

    /** A SparkApplication from YAML. */
    public static SparkApplication appYaml(String yaml) {
        return Json.read(yaml, SparkApplication.class);
    }

    /** A copy of an app with another name. */
    public static SparkApplication renamed(SparkApplication app, String name) {
        SparkApplication copy = Json.deepCopy(app, SparkApplication.class);
        copy.getMetadata().setName(name);
        return copy;
    }

    /** A JSON tree of any object. */
    public static JsonNode tree(Object o) {
        return Json.mapper().valueToTree(o);
    }

    /** A pod from YAML. */
    public static Pod pod(String yaml) {
        return Json.read(yaml, Pod.class);
    }
}
