package io.sparkgate.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@code sparkgate dev} ships inside the jar so it runs on a fresh clone without ../shared: the Helm chart's
 * rendered webhook configurations, the example app and policy, and the executor objects a real Spark 4.1.1 driver
 * created. Tests check each is an exact copy of its source.
 */
public final class DevResources {
    /** Copy of charts/sparkgate/src/test/resources/rendered/webhook-configurations.yaml. */
    public static final String WEBHOOK_CONFIGURATIONS = "/io/sparkgate/cli/dev/webhook-configurations.yaml";
    /** Copy of examples/policies/dev.yaml. */
    public static final String POLICY = "/io/sparkgate/cli/dev/dev-policy.yaml";
    /** Copy of examples/spark-pi.yaml. */
    public static final String SPARK_PI = "/io/sparkgate/cli/server/spark-pi.yaml";
    /** Copies of ../shared/fixtures/spark-4.1.1/executors-client-mode, in the order Spark sent them. */
    public static final List<String> EXECUTOR_OBJECTS = List.of(
            "/io/sparkgate/cli/dev/001-Pod-tiny-a44d2aa1ff7dfa3c-exec-1.json",
            "/io/sparkgate/cli/dev/002-ConfigMap-spark-exec-78b022a1ff7dfe24-conf-map.json",
            "/io/sparkgate/cli/dev/003-Pod-tiny-a44d2aa1ff7dfa3c-exec-2.json");

    private DevResources() {
    }

    /** A resource of the jar as text. */
    public static String text(String name) {
        try (InputStream in = DevResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + name + ": rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executor objects as JSON trees. */
    public static List<JsonNode> executorObjects() {
        return EXECUTOR_OBJECTS.stream().map(n -> Json.read(text(n), JsonNode.class)).toList();
    }
}
