package io.sparkgate.cli.e2e;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.server.DevCommand;
import io.sparkgate.testing.apiserver.AdmissionListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** What the end-to-end tests share: a local cluster running the real webhook wiring, samples, waiting, quieting. */
final class E2e {
    /** The webhook as {@code sparkgate webhook} wires it; a short drain so restarts are quick. */
    static final String[] WEBHOOK_OPTIONS = {"--shutdown-grace", "2s", "--app-wait", "2s"};

    private E2e() {
    }

    /** A cluster with the chart's webhook configurations as given. */
    static LocalCluster start(Path dir, ChartWebhooks webhooks, AdmissionListener listener, int apiWorkers) {
        return LocalCluster.start(DevCommand.webhookStarter(WEBHOOK_OPTIONS), LocalCluster.Options.defaults(dir)
                .withWebhooks(webhooks).withListener(listener).withApiWorkerThreads(apiWorkers));
    }

    /** Creates a namespace with labels. */
    static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    /** The spark-pi example app in a namespace. */
    static SparkApplication sparkPi(String namespace) {
        SparkApplication app = Json.read(DevCommand.resource("spark-pi.yaml"), SparkApplication.class);
        app.getMetadata().setNamespace(namespace);
        return app;
    }

    /** The driver pod real Spark 4.1.1 created for spark-pi, renamed, as it is sent to the API server. */
    static ObjectNode sparkPiDriver(String name) {
        ObjectNode pod = (ObjectNode) Json.read(DevCommand.resource("spark-pi-driver.json"), JsonNode.class);
        ((ObjectNode) pod.path("metadata")).put("name", name);
        return pod;
    }

    /** Whether sparkgate mutated the pod: it carries the ownerReference to its SparkApplication (uid). */
    static boolean ownedByApp(JsonNode pod, String appUid) {
        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
            if ("SparkApplication".equals(ref.path("kind").asText()) && appUid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Polls until the probe yields a value. */
    static <T> T await(Supplier<Optional<T>> probe, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            sleep(50);
        }
        throw new AssertionError(what + " did not happen within " + timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Turns sparkgate's per-request INFO lines off while a load runs (tens of thousands of lines cost CPU); keep them
     * with {@code -Dsparkgate.e2e.verbose=true}.
     */
    static AutoCloseable quiet() {
        if (Boolean.getBoolean("sparkgate.e2e.verbose")
                || !(LoggerFactory.getLogger("io.sparkgate") instanceof ch.qos.logback.classic.Logger logger)) {
            return () -> { };
        }
        Level saved = logger.getLevel();
        logger.setLevel(Level.WARN);
        return () -> logger.setLevel(saved);
    }
}
