package io.sparkgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates executors the way Spark's in-driver scheduler does, from the objects a real Spark 4.1.1 driver sent
 * ({@link SparkFixtures#EXECUTORS}): each object created in the driver's namespace in the order Spark sent them,
 * executor pods named after the driver, carrying the driver's operator labels and owned by the driver pod, as
 * cluster mode sets them.
 */
public final class ExecutorReplay {
    private static final List<String> INHERITED_LABELS = List.of(SparkLabels.APP_NAME,
            SparkLabels.LAUNCHED_BY_OPERATOR, SparkLabels.SUBMISSION_ID, SparkLabels.SPARK_APP_SELECTOR,
            SparkLabels.SPARK_APP_NAME);

    private ExecutorReplay() {
    }

    /**
     * The executor objects for a stored driver pod, ready to create: ConfigMap and pods in Spark's order.
     *
     * @param driver the driver pod as stored (its uid becomes the executors' owner)
     */
    public static List<HasMetadata> objectsFor(Pod driver) {
        return objectsFor(driver, SparkFixtures.files(SparkFixtures.EXECUTORS).stream().map(SparkFixtures::json)
                .toList());
    }

    /**
     * The executor objects for a stored driver pod, from objects a real Spark driver sent (pods and ConfigMaps as
     * JSON, in the order Spark sent them): for hosts that ship copies of the fixtures, such as {@code sparkgate dev}.
     *
     * @param driver       the driver pod as stored (its uid becomes the executors' owner)
     * @param sparkObjects the executor pods and ConfigMap exactly as Spark sent them
     */
    public static List<HasMetadata> objectsFor(Pod driver, List<JsonNode> sparkObjects) {
        String namespace = driver.getMetadata().getNamespace();
        String driverName = driver.getMetadata().getName();
        String prefix = driverName.endsWith("-driver") ? driverName.substring(0, driverName.length() - 7) : driverName;
        Map<String, String> driverLabels = driver.getMetadata().getLabels() == null ? Map.of()
                : driver.getMetadata().getLabels();
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode json : sparkObjects) {
            String kind = json.path("kind").asText();
            if (kind.equals("Pod")) {
                Pod pod = Json.mapper().convertValue(json, Pod.class);
                String execId = pod.getMetadata().getLabels().get(SparkLabels.SPARK_EXEC_ID);
                pod.getMetadata().setName(prefix + "-exec-" + execId);
                // Spark sets the executor's hostname to its pod name (truncated to 63 characters).
                String hostname = pod.getMetadata().getName();
                pod.getSpec().setHostname(hostname.length() > 63 ? hostname.substring(0, 63) : hostname);
                pod.getMetadata().setNamespace(namespace);
                INHERITED_LABELS.stream().filter(driverLabels::containsKey)
                        .forEach(k -> pod.getMetadata().getLabels().put(k, driverLabels.get(k)));
                pod.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                        .withKind("Pod").withName(driverName).withUid(driver.getMetadata().getUid())
                        .withController(true).build()));
                objects.add(pod);
            } else if (kind.equals("ConfigMap")) {
                ConfigMap configMap = Json.mapper().convertValue(json, ConfigMap.class);
                configMap.getMetadata().setNamespace(namespace);
                objects.add(configMap);
            }
        }
        return objects;
    }

    /** Creates the executor objects for a stored driver pod through the client and returns what the server stored. */
    public static List<HasMetadata> create(KubernetesClient client, Pod driver) {
        String namespace = driver.getMetadata().getNamespace();
        return objectsFor(driver).stream()
                .<HasMetadata>map(o -> client.resource(o).inNamespace(namespace).create())
                .toList();
    }
}
