package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.apps.DirectoryAppLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production endpoints (every app mutator, the policy engine) fed objects of the wrong shape, as the e2e fuzz
 * test sends them: an object that cannot be read as its kind is denied 422 (reason Invalid) with a message naming
 * the field, a pod without containers is admitted without container edits, and no edit of a real review ever makes a handler
 * throw or fail its stage (which the server would answer with 500).
 */
class HostileObjectsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The name of the fixture's driver pod. */
    private static final String NAME = "spark-pi-0a5959a1ff7da1b7-driver";

    private final Map<String, AdmissionHandler> handlers = AdmissionEndpoints.handlers(
            AdmissionEndpoints.Components.defaults(), DirectoryAppLookup.load(Path.of("..", "examples")),
            new PodMutatingHandler.AppWait(Duration.ZERO, Duration.ofMillis(10), MissingAppPolicy.ALLOW,
                    (ms, task) -> task.run()),
            new AdmissionMetrics(new SimpleMeterRegistry()));

    private static ObjectNode driver() {
        ObjectNode pod = (ObjectNode) SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        ((ObjectNode) pod.path("metadata").path("labels")).put("sparkoperator.k8s.io/app-name", "spark-pi");
        return pod;
    }

    private AdmissionOutcome decide(String path, JsonNode review) throws Exception {
        return handlers.get(path).handle(Reviews.call(review)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static AdmissionOutcome.Denied invalid(AdmissionOutcome outcome) {
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Denied.class);
        AdmissionOutcome.Denied d = (AdmissionOutcome.Denied) outcome;
        assertThat(d.code()).isEqualTo(422);
        assertThat(d.reason()).isEqualTo("Invalid");
        return d;
    }

    @Test
    void aPodOfTheWrongShapeIs422NamingTheField() throws Exception {
        ObjectNode containersAsText = driver();
        ((ObjectNode) containersAsText.path("spec")).put("containers", "oops");
        assertThat(invalid(decide(AdmissionEndpoints.MUTATE_PODS, Reviews.podCreate(containersAsText, "default")))
                .message()).isEqualTo("Pod \"" + NAME + "\" is invalid: spec.containers: expected an array, got a "
                        + "string");

        ObjectNode specAsNumber = driver();
        specAsNumber.put("spec", 7);
        assertThat(invalid(decide(AdmissionEndpoints.MUTATE_PODS, Reviews.podCreate(specAsNumber, "default")))
                .message()).isEqualTo("Pod \"" + NAME + "\" is invalid: spec: expected an object, got a number");
        assertThat(invalid(decide(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(specAsNumber, "default")))
                .message()).startsWith("spec: ");
    }

    @Test
    void aPodWithoutContainersIsAdmittedWithoutContainerEdits() throws Exception {
        ObjectNode pod = driver();
        ((ObjectNode) pod.path("spec")).remove("containers");
        AdmissionOutcome outcome = decide(AdmissionEndpoints.MUTATE_PODS, Reviews.podCreate(pod, "default"));
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Patched.class); // the driver's ownerReference
        assertThat(((AdmissionOutcome.Patched) outcome).patch().findValuesAsText("path"))
                .isNotEmpty().noneMatch(p -> p.startsWith("/spec/containers") || p.startsWith("/spec/initContainers"));
        assertThat(decide(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(pod, "default")))
                .isInstanceOf(AdmissionOutcome.Allowed.class);
    }

    @Test
    void aQuantityTooLargeToCountIs422OnValidatePods() throws Exception {
        ObjectNode pod = driver();
        ((ObjectNode) pod.at("/spec/containers/0/resources/requests")).put("cpu", "9999999999999999999999Ei");
        assertThat(invalid(decide(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(pod, "default"))).message())
                .isEqualTo("spec.containers[0].resources.requests.cpu: \"9999999999999999999999Ei\" is too large to "
                        + "count");
    }

    /** Seeded random edits of a real review: every endpoint answers with an outcome, none throws or fails. */
    @Test
    void randomEditsOfARealReviewNeverFailAHandler() throws Exception {
        Random random = new Random(20261121L);
        int invalid = 0;
        for (int i = 0; i < 1500; i++) {
            ObjectNode review = Reviews.podCreate(driver(), "default");
            ObjectNode request = (ObjectNode) review.get("request");
            for (int e = 1 + random.nextInt(4); e > 0; e--) {
                edit((ObjectNode) request.get("object"), random);
            }
            for (String path : handlers.keySet()) {
                ObjectNode copy = review.deepCopy();
                String kind = path.contains("sparkapplications") ? "SparkApplication"
                        : path.contains("scheduled") ? "ScheduledSparkApplication"
                        : path.contains("sparkpolicies") ? "SparkPolicy" : "Pod";
                if (!kind.equals("Pod")) {
                    ((ObjectNode) copy.path("request").path("kind")).put("kind", kind)
                            .put("group", kind.equals("SparkPolicy") ? SparkPolicy.GROUP : SparkApplication.GROUP);
                }
                AdmissionOutcome outcome;
                try {
                    outcome = decide(path, copy);
                } catch (Exception | Error e) {
                    throw new AssertionError("input " + i + " at " + path + " failed: " + copy, e);
                }
                assertThat(outcome).as("input " + i + " at " + path).isNotNull();
                if (outcome instanceof AdmissionOutcome.Denied d && d.code() == 422) {
                    invalid++;
                }
                new AdmissionCodec().encode("uid", outcome); // and the answer can be written
            }
        }
        assertThat(invalid).as("the edits reach the invalid-object path").isPositive();
    }

    private static void edit(ObjectNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode obj && obj.size() > 0) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(3)) {
                case 0 -> obj.remove(name);
                case 1 -> obj.set(name, value(random, 2));
                default -> obj.set("x" + random.nextInt(1000), obj.get(name).deepCopy());
            }
        } else if (target instanceof ArrayNode arr) {
            if (arr.size() > 0 && random.nextBoolean()) {
                arr.set(random.nextInt(arr.size()), value(random, 2));
            } else {
                arr.add(value(random, 2));
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static JsonNode value(Random random, int depth) {
        return switch (random.nextInt(depth <= 0 ? 6 : 8)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(random.nextLong());
            case 2 -> F.numberNode(random.nextDouble() * 1e300);
            case 3 -> F.booleanNode(random.nextBoolean());
            case 4 -> F.textNode(List.of("1e999999999", "9999999999999999999999Ei", "-1", "x", "")
                    .get(random.nextInt(5)));
            case 5 -> F.textNode("\uD83D\uDE00\u0000\uFFFF");
            case 6 -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(value(random, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set("k" + random.nextInt(100), value(random, depth - 1));
                }
                yield o;
            }
        };
    }
}
