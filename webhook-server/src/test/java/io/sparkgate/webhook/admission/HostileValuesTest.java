package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.apps.DirectoryAppLookup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and extreme values in every numeric field of an app and a pod, from a seeded generator: huge and tiny
 * exponents, hundreds of digits, signs, blanks, non-ASCII digits, words Spark reads as numbers or booleans. Each
 * review is answered (allowed, or denied naming the field) in well under 100 ms of CPU, and no handler ever throws.
 */
class HostileValuesTest {
    private static final long BUDGET_MILLIS = 100;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final List<String> APP_STRING_FIELDS = List.of("coreRequest", "coreLimit", "memory",
            "memoryOverhead", "memoryLimit");
    private static final List<String> CONF_KEYS = List.of("spark.executor.cores", "spark.driver.cores",
            "spark.kubernetes.executor.request.cores", "spark.kubernetes.driver.limit.cores", "spark.executor.memory",
            "spark.driver.memoryOverhead", "spark.executor.memoryOverheadFactor", "spark.executor.instances",
            "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.maxExecutors", "spark.memory.offHeap.enabled",
            "spark.memory.offHeap.size", "spark.executor.pyspark.memory");
    private static final List<String> POD_QUANTITIES = List.of("requests.cpu", "requests.memory", "limits.cpu",
            "limits.memory", "requests.ephemeral-storage");

    private final Map<String, AdmissionHandler> handlers = AdmissionEndpoints.handlers(
            AdmissionEndpoints.Components.defaults(), DirectoryAppLookup.load(Path.of("..", "examples")),
            new PodMutatingHandler.AppWait(Duration.ZERO, Duration.ofMillis(10), MissingAppPolicy.ALLOW,
                    (ms, task) -> task.run()),
            new AdmissionMetrics(new SimpleMeterRegistry()));

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 20261207})
    void everyExtremeValueIsAnsweredWithinBudget(long seed) throws Exception {
        Random random = new Random(seed);
        JsonNode app = Json.mapper().valueToTree(Json.read(Files.readString(Path.of("..", "examples",
                "spark-pi.yaml")), SparkApplication.class));
        JsonNode pod = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        warmUp(app, pod);
        for (int i = 0; i < 300; i++) {
            String value = extreme(random);
            String role = random.nextBoolean() ? "driver" : "executor";
            ObjectNode a = app.deepCopy();
            switch (random.nextInt(4)) {
                case 0 -> ((ObjectNode) a.path("spec").path(role)).put(pick(random, APP_STRING_FIELDS), value);
                case 1 -> {
                    JsonNode conf = a.path("spec").path("sparkConf");
                    ObjectNode c = conf.isObject() ? (ObjectNode) conf : ((ObjectNode) a.path("spec"))
                            .putObject("sparkConf");
                    c.put(pick(random, CONF_KEYS), value);
                }
                case 2 -> ((ObjectNode) a.path("spec")).put("memoryOverheadFactor", value);
                default -> ((ObjectNode) a.path("spec").path(role)).set("cores", numeric(random, value));
            }
            timed(AdmissionEndpoints.VALIDATE_APPS, Reviews.review(SparkApplication.GROUP, "v1beta2",
                    "SparkApplication", "sparkapplications", "CREATE", "default", a), value);

            ObjectNode p = pod.deepCopy();
            String[] where = pick(random, POD_QUANTITIES).split("\\.");
            ObjectNode resources = (ObjectNode) p.path("spec").path("containers").get(0).path("resources");
            ObjectNode map = resources.path(where[0]).isObject() ? (ObjectNode) resources.path(where[0])
                    : resources.putObject(where[0]);
            map.put(where[1], value);
            if (random.nextInt(4) == 0) {
                ((ObjectNode) p.path("spec")).putArray("volumes").addObject().put("name", "scratch")
                        .putObject("emptyDir").put("sizeLimit", value);
            }
            timed(AdmissionEndpoints.MUTATE_PODS, Reviews.podCreate(p, "default"), value);
            timed(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(p, "default"), value);
        }
    }

    private void warmUp(JsonNode app, JsonNode pod) throws Exception {
        for (int i = 0; i < 20; i++) {
            decide(AdmissionEndpoints.VALIDATE_APPS, Reviews.review(SparkApplication.GROUP, "v1beta2",
                    "SparkApplication", "sparkapplications", "CREATE", "default", app));
            decide(AdmissionEndpoints.MUTATE_PODS, Reviews.podCreate(pod, "default"));
            decide(AdmissionEndpoints.VALIDATE_PODS, Reviews.podCreate(pod, "default"));
        }
    }

    private void timed(String path, JsonNode review, String value) throws Exception {
        long start = CPU.getCurrentThreadCpuTime();
        AdmissionOutcome outcome;
        try {
            outcome = decide(path, review);
        } catch (InvalidAdmissionReview e) {
            // A number too long to read is refused with the body (the server answers 400): also an answer.
            assertThat(e.getMessage()).contains("beyond sparkgate's bounds");
            return;
        }
        // The handlers run on this thread (the wait's scheduler runs inline): its CPU time is the review's cost,
        // whatever else the machine is doing, where wall-clock time would measure the machine's load.
        long millis = TimeUnit.NANOSECONDS.toMillis(CPU.getCurrentThreadCpuTime() - start);
        assertThat(outcome).as(path + " " + abbreviated(value)).isNotNull();
        assertThat(millis).as(path + " took too long for " + abbreviated(value)).isLessThan(BUDGET_MILLIS);
    }

    private AdmissionOutcome decide(String path, JsonNode review) throws Exception {
        return handlers.get(path).handle(Reviews.call(review)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Values chosen to break parsers: exponents, digit runs, signs, blanks, foreign digits, words. */
    private static String extreme(Random random) {
        List<Function<Random, String>> kinds = List.of(
                r -> "1e" + (r.nextBoolean() ? "" : "-") + (1 + r.nextInt(Integer.MAX_VALUE)),
                r -> "9".repeat(1 + r.nextInt(600)) + pick(r, List.of("", "m", "Ei", "k", "Gi", "e99")),
                r -> "0." + "0".repeat(r.nextInt(400)) + "1",
                r -> pick(r, List.of(" true", "TRUE ", "yes", "NaN", "Infinity", "-Infinity", "0x1F", "1_000", "",
                        " ", "-1", "+0", "-0.0", "٣", "1e", "e5", ".", "1..2", "1E", "1Ei", "1ee5", "2.5e+40")),
                r -> Long.toString(r.nextLong()) + pick(r, List.of("", "m", "Mi", "g", "gb", "P")),
                r -> "1" + "0".repeat(r.nextInt(20)) + "e" + r.nextInt(100),
                r -> "1".repeat(10_000 + r.nextInt(90_000)));
        return pick(random, kinds).apply(random);
    }

    private static JsonNode numeric(Random random, String value) {
        try {
            return random.nextBoolean() ? Json.mapper().readTree(value) : Json.mapper().getNodeFactory().textNode(value);
        } catch (Exception e) {
            return Json.mapper().getNodeFactory().textNode(value);
        }
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? "\"" + value + "\"" : "\"" + value.substring(0, 40) + "…\" (" + value.length()
                + " chars)";
    }
}
