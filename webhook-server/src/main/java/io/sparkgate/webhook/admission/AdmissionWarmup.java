package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the admission path before {@code /readyz} turns true, so a freshly started replica (a rolling update, a node
 * drain sending it the whole cluster's traffic) answers at steady-state cost from its first request instead of
 * interpreting for its first tens of seconds. It decodes, decides and encodes synthetic reviews (the pods and the
 * dry-run create of {@code rich-app.yaml}, an app with every field family, under its admin SparkPolicy) through
 * the same handler, pipeline, engine and codec classes the server runs — but its own instances over a throwaway
 * static cluster, ledger and metrics registry, so nothing it does is seen: no reservation, no metric, no log line
 * of a decision. It stops once it has run {@value #MIN_ROUNDS} rounds (12,000 admissions: about as many calls as
 * the JIT needs to compile the path at its top tier; after 300 rounds a round still cost 15 times its steady-state
 * time, docs/benchmarks.md) and a round's time has settled (three blocks of 50 within 15 % of each other), or when
 * its budget is spent, whichever comes first, and is ready either way.
 */
public final class AdmissionWarmup implements BooleanSupplier {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionWarmup.class);
    /** How long warming may delay readiness at most, by default. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(4);
    static final int MIN_ROUNDS = 3_000;

    private volatile boolean done;
    private volatile Result result;

    /**
     * What a warm-up did.
     *
     * @param rounds       rounds of every synthetic review
     * @param firstMicros  the first round's time, µs
     * @param lastMicros   the last round's time, µs
     * @param millis       the whole warm-up's time
     */
    public record Result(int rounds, long firstMicros, long lastMicros, long millis) {
    }

    /** Whether warming has finished (the readiness condition). */
    @Override
    public boolean getAsBoolean() {
        return done;
    }

    /** The result, once done. */
    public Optional<Result> result() {
        return Optional.ofNullable(result);
    }

    /** Warms on a thread of its own, within {@code budget}; {@link #getAsBoolean} turns true when it is done. */
    public static AdmissionWarmup start(Duration budget) {
        AdmissionWarmup warmup = new AdmissionWarmup();
        Thread t = new Thread(() -> {
            try {
                warmup.result = run(budget);
                LOG.info("admission path warmed: {} rounds in {} ms, a round {} µs at first and {} µs at last",
                        warmup.result.rounds(), warmup.result.millis(), warmup.result.firstMicros(),
                        warmup.result.lastMicros());
            } catch (RuntimeException | Error e) {
                LOG.warn("admission warm-up failed (the server is ready anyway, only colder): {}", e.toString());
            } finally {
                warmup.done = true;
            }
        }, "sparkgate-warmup");
        t.setDaemon(true);
        t.start();
        return warmup;
    }

    /** Warms in the calling thread within {@code budget}. */
    public static Result run(Duration budget) {
        Rig rig = Rig.create();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        List<Long> rounds = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            for (int i = 0; i < rig.reviews(); i++) {
                rig.roundTrip(i, rounds.isEmpty());
            }
            rounds.add((System.nanoTime() - t0) / 1000);
            if (rounds.size() >= MIN_ROUNDS && settled(rounds)) {
                break;
            }
        }
        return new Result(rounds.size(), rounds.isEmpty() ? 0 : rounds.get(0),
                rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * The warm-up's synthetic reviews and its own handlers over a throwaway cluster: the production handler,
     * pipeline, engine and codec classes. Public so that a benchmark can time exactly what the warm-up runs, one
     * review at a time (the CPU cost per admission, free of HTTP and of the other work on the machine).
     */
    public static final class Rig {
        private final List<Review> reviews;
        private final Map<String, AdmissionHandler> handlers;
        private final AdmissionCodec codec = new AdmissionCodec();

        private Rig(List<Review> reviews, Map<String, AdmissionHandler> handlers) {
            this.reviews = reviews;
            this.handlers = handlers;
        }

        /** A rig over {@code rich-app.yaml}'s app, its namespace and its admin policy. */
        public static Rig create() {
            Inputs in = Inputs.load();
            PolicyRegistry registry = new PolicyRegistry();
            List<String> invalid = registry.upsert(in.policy());
            if (!invalid.isEmpty()) {
                throw new IllegalStateException("the warm-up policy is invalid: " + invalid);
            }
            ClusterSnapshot view = ClusterSnapshot.builder().namespace(in.app().getMetadata().getNamespace(),
                    Map.of("tenant", "rich")).app(in.app()).build();
            ReservationLedger ledger = new ReservationLedger(Clock.systemUTC(), ReservationLedger.DEFAULT_TTL);
            AdmissionMetrics metrics = new AdmissionMetrics(new SimpleMeterRegistry());
            var wait = new PodMutatingHandler.AppWait(Duration.ZERO, Duration.ofMillis(50), MissingAppPolicy.ALLOW,
                    (delay, task) -> task.run());
            Map<String, AdmissionHandler> handlers = AdmissionEndpoints.handlers(AdmissionEndpoints.Components
                    .enforcing(registry::snapshot, ledger, view), (ns, name) -> Optional.of(in.app())
                    .filter(a -> a.getMetadata().getName().equals(name)), wait, metrics);
            return new Rig(in.reviews(), handlers);
        }

        /** How many synthetic reviews there are. */
        public int reviews() {
            return reviews.size();
        }

        /** What review {@code i} is: its endpoint and the kind and role of its object. */
        public String describe(int i) {
            return reviews.get(i).path() + " " + reviews.get(i).what();
        }

        /**
         * Decodes, decides and encodes review {@code i}, as the server does for one request; returns the response
         * body. With {@code check}, fails unless the full admission path answered it (pods patched, objects allowed).
         */
        public byte[] roundTrip(int i, boolean check) {
            Review r = reviews.get(i);
            AdmissionCall call;
            try {
                call = codec.decode(r.body());
            } catch (InvalidAdmissionReview e) {
                throw new IllegalStateException("a warm-up review does not decode: " + e.getMessage(), e);
            }
            AdmissionOutcome outcome;
            try {
                outcome = handlers.get(r.path()).handle(call).toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a warm-up review was not decided: " + e, e);
            }
            if (check) {
                r.check(outcome);
            }
            return codec.encode(call.uid(), outcome);
        }
    }

    /** Whether the mean of the last three blocks of 50 rounds differ by less than 15 %. */
    private static boolean settled(List<Long> rounds) {
        int n = rounds.size();
        if (n < 150) {
            return false;
        }
        double a = mean(rounds.subList(n - 150, n - 100));
        double b = mean(rounds.subList(n - 100, n - 50));
        double c = mean(rounds.subList(n - 50, n));
        double max = Math.max(a, Math.max(b, c));
        double min = Math.min(a, Math.min(b, c));
        return max <= min * 1.15;
    }

    private static double mean(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    /**
     * The AdmissionReview (a dry-run CREATE) of the rich app's driver or executor pod, as the benchmarks post it
     * to {@code /mutate/pods}.
     */
    public static byte[] richPodReview(String role) {
        Inputs in = Inputs.load();
        return Inputs.review("", "v1", "Pod", "pods", in.app().getMetadata().getNamespace(),
                Json.mapper().valueToTree(Inputs.pod(in.app(), role)));
    }

    /** The text of {@code rich-app.yaml}: the app, its Namespace and its admin SparkPolicy. */
    public static String richAppYaml() {
        try (InputStream in = AdmissionWarmup.class.getResourceAsStream("rich-app.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One synthetic review, the path it is posted to and what it holds. */
    record Review(String path, String what, byte[] body) {
        /**
         * Fails when the outcome is not the one the full path gives (pods patched, objects allowed): warm-up inputs
         * that a rule refuses early would warm only the refusal.
         */
        void check(AdmissionOutcome outcome) {
            boolean full = path.equals(AdmissionEndpoints.MUTATE_PODS) ? outcome instanceof AdmissionOutcome.Patched
                    : outcome instanceof AdmissionOutcome.Allowed;
            if (!full) {
                throw new IllegalStateException("warm-up review for " + path + " was answered " + outcome
                        + ", not by the full admission path");
            }
        }
    }

    /** The synthetic objects and reviews, built once. */
    record Inputs(SparkApplication app, SparkPolicy policy, List<Review> reviews) {
        static Inputs load() {
            List<JsonNode> docs = new ArrayList<>();
            try (InputStream in = AdmissionWarmup.class.getResourceAsStream("rich-app.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("rich-app.yaml is missing from the webhook-server jar");
                }
                var parser = Json.yaml().getFactory().createParser(new String(in.readAllBytes(),
                        StandardCharsets.UTF_8));
                var it = Json.yaml().readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    docs.add(it.next());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            JsonNode appDoc = only(docs, "SparkApplication");
            SparkApplication app = Json.mapper().convertValue(appDoc, SparkApplication.class);
            SparkPolicy policy = Json.mapper().convertValue(only(docs, SparkPolicy.KIND), SparkPolicy.class);
            String ns = app.getMetadata().getNamespace();
            List<Review> reviews = List.of(
                    new Review(AdmissionEndpoints.MUTATE_PODS, "driver pod", review("", "v1", "Pod", "pods", ns,
                            Json.mapper().valueToTree(pod(app, "driver")))),
                    new Review(AdmissionEndpoints.MUTATE_PODS, "executor pod", review("", "v1", "Pod", "pods", ns,
                            Json.mapper().valueToTree(pod(app, "executor")))),
                    new Review(AdmissionEndpoints.VALIDATE_PODS, "executor pod", review("", "v1", "Pod", "pods", ns,
                            Json.mapper().valueToTree(pod(app, "executor")))),
                    new Review(AdmissionEndpoints.VALIDATE_APPS, "app", review(SparkApplication.GROUP, "v1beta2",
                            "SparkApplication", "sparkapplications", ns, appDoc)));
            return new Inputs(app, policy, reviews);
        }

        private static JsonNode only(List<JsonNode> docs, String kind) {
            return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("rich-app.yaml holds no " + kind));
        }

        /** A pod shaped as Spark 4.1.1 shapes its driver or executor pods for the app. */
        static Pod pod(SparkApplication app, String role) {
            String name = app.getMetadata().getName();
            boolean driver = role.equals("driver");
            String container = driver ? "spark-kubernetes-driver" : "spark-kubernetes-executor";
            return new PodBuilder().withNewMetadata().withName(name + (driver ? "-driver" : "-exec-1"))
                    .withNamespace(app.getMetadata().getNamespace())
                    .addToLabels(SparkLabels.SPARK_ROLE, role).addToLabels(SparkLabels.SPARK_APP_NAME, name)
                    .addToLabels(SparkLabels.SPARK_APP_SELECTOR, "spark-0123456789abcdef0123456789abcdef")
                    .addToLabels(SparkLabels.APP_NAME, name).addToLabels(SparkLabels.LAUNCHED_BY_OPERATOR, "true")
                    .addToLabels(SparkLabels.SUBMISSION_ID, "4b1f2f6e-0000-4000-8000-000000000001")
                    .addToLabels(SparkLabels.SPARK_VERSION, "4.1.1")
                    .endMetadata().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName(container).withImage(app.getSpec().image())
                    .withArgs(driver ? List.of("driver", "--properties-file", "/opt/spark/conf/spark.properties",
                            "--class", app.getSpec().mainClass(), "spark-internal") : List.of("executor"))
                    .addNewEnv().withName("SPARK_USER").withValue("spark").endEnv()
                    .addNewEnv().withName("SPARK_APPLICATION_ID").withValue("spark-0123456789abcdef").endEnv()
                    .addNewEnv().withName("SPARK_CONF_DIR").withValue("/opt/spark/conf").endEnv()
                    .addNewEnv().withName("SPARK_LOCAL_DIRS").withValue("/var/data/spark-local").endEnv()
                    .withNewResources().addToRequests("cpu", new Quantity(driver ? "1" : "2"))
                    .addToRequests("memory", new Quantity(driver ? "2560Mi" : "4505Mi"))
                    .addToLimits("memory", new Quantity(driver ? "2560Mi" : "4505Mi")).endResources()
                    .addNewVolumeMount().withName("spark-local-dir-1").withMountPath("/var/data/spark-local")
                    .endVolumeMount()
                    .addNewVolumeMount().withName("spark-conf-volume-" + role).withMountPath("/opt/spark/conf")
                    .endVolumeMount()
                    .addNewPort().withName(driver ? "driver-rpc-port" : "blockmanager")
                    .withContainerPort(driver ? 7078 : 7079).endPort()
                    .endContainer()
                    .addNewVolume().withName("spark-local-dir-1").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewVolume().withName("spark-conf-volume-" + role).withNewConfigMap()
                    .withName("spark-drv-0123456789abcdef-conf-map").endConfigMap().endVolume()
                    .endSpec().build();
        }

        private static byte[] review(String group, String version, String kind, String resource, String ns,
                                     JsonNode object) {
            ObjectNode review = Json.mapper().createObjectNode().put("apiVersion", AdmissionCodec.API_VERSION)
                    .put("kind", AdmissionCodec.KIND);
            ObjectNode request = review.putObject("request").put("uid", "00000000-0000-4000-8000-00000000beef");
            request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
            request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
            request.put("namespace", ns).put("operation", "CREATE").put("dryRun", true);
            request.putObject("userInfo").put("username", "sparkgate-warmup");
            request.set("object", object);
            return Json.write(review).getBytes(StandardCharsets.UTF_8);
        }
    }
}
