package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.cli.server.DevCommand;
import io.sparkgate.webhook.server.WebhookConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, phase 4: 100,000 seeded hostile AdmissionReviews ({@link ReviewFuzzer}) straight at the webhook's HTTPS
 * endpoints, as the API server would send them (verified TLS, keep-alive): every answer is 2xx or 4xx, never a 5xx
 * or a dropped connection, the server still answers a real review correctly afterwards, and its heap after GC
 * stays within a bound. Issue 18: under one SparkPolicy per Pod Security level, every security case gets exactly
 * the answer its oracle names (a hostile setting refused with its field and level where the level forbids it, its
 * control admitted). Bounded in count and time.
 */
class AdmissionFuzzIT {
    // 10,000 in the main suite (15-25 s on 2 shared cores); the long-tests profile runs the 100,000.
    private static final int INPUTS = Integer.getInteger("sparkgate.fuzz.inputs", 10_000);
    private static final int KEEP_FAILURES = 40;
    private static final long SEED = Long.getLong("sparkgate.fuzz.seed", 20261121L);
    private static final int IN_FLIGHT = 32;
    private static final long TIME_LIMIT_SECONDS = Math.max(60, INPUTS / 400);
    private static final long HEAP_GROWTH_LIMIT = 64L * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void hostileReviewsGetOnly2xxOr4xxAndTheServerSurvives() throws Exception {
        try (AutoCloseable quiet = E2e.quiet();
             LocalCluster cluster = LocalCluster.start(DevCommand.webhookStarter(E2e.WEBHOOK_OPTIONS),
                     LocalCluster.Options.defaults(work).withWebhooks(ChartWebhooks.chartDefaults()))) {
            // Valid reviews name spark-pi in default: with the app known they run the whole mutation at once.
            cluster.client().resources(SparkApplication.class).inNamespace("default")
                    .resource(E2e.sparkPi("default")).create();
            for (String level : SecurityCases.LEVELS) {
                String ns = SecurityCases.namespace(level);
                E2e.namespace(cluster.client(), ns, Map.of("fuzz-tenant", ns));
                cluster.client().resource(Json.read(SecurityCases.policy(level), SparkPolicy.class)).create();
            }
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            try {
                HttpClient http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(cluster.caPem())))
                        .setKeepAlive(true).setIdleTimeout(20), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
                int port = cluster.webhook().port();
                deleteKeptFailures();
                ReviewFuzzer fuzzer = new ReviewFuzzer(SEED, DevCommand.sampleReview(),
                        (int) WebhookConfig.MAX_BODY_BYTES);
                awaitPolicies(http, port);

                run(http, port, fuzzer, 2_000, new Tally());
                long heapBefore = heapAfterGc();
                Tally tally = new Tally();
                long start = System.nanoTime();
                run(http, port, fuzzer, INPUTS, tally);
                double seconds = (System.nanoTime() - start) / 1e9;
                long heapAfter = heapAfterGc();
                System.out.printf("[fuzz] %d inputs in %.1f s (%.0f/s), seed %d; statuses %s; by kind %s; transport "
                                + "errors %d (%d on oversized bodies); heap after GC %d MiB -> %d MiB; security "
                                + "oracles: %d refused as they must be, %d admitted as they must be, %d wrong%n",
                        INPUTS, seconds, INPUTS / seconds, SEED, new TreeMap<>(tally.statuses), tally.kinds,
                        tally.transportErrors.get(), tally.oversizedTransportErrors.get(), heapBefore >> 20,
                        heapAfter >> 20, tally.refusedAsExpected.get(), tally.admittedAsExpected.get(),
                        tally.oracleFailures.size());

                assertThat(tally.statuses.keySet()).as("HTTP statuses answered (failing inputs kept in "
                        + "target/fuzz-failures: " + tally.failures + ")").allMatch(s -> s >= 200 && s < 500);
                assertThat(tally.transportErrors.get() - tally.oversizedTransportErrors.get())
                        .as("connections dropped without an answer (bodies within the limit)").isZero();
                assertThat(tally.answered.get() + tally.transportErrors.get()).isEqualTo(INPUTS);
                assertThat(tally.statuses.getOrDefault(200, new AtomicInteger()).get()).as("valid reviews answered")
                        .isPositive();
                assertThat(tally.statuses.getOrDefault(400, new AtomicInteger()).get()).as("garbage refused")
                        .isPositive();
                assertThat(tally.oracleFailures).as("security cases answered otherwise than their oracle (inputs "
                        + "kept in target/fuzz-failures)").isEmpty();
                assertThat(tally.refusedAsExpected.get()).as("hostile security cases refused")
                        .isGreaterThan(INPUTS / 20);
                assertThat(tally.admittedAsExpected.get()).as("controls and level-allowed cases admitted")
                        .isGreaterThan(INPUTS / 40);
                assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_LIMIT);
                assertStillAnswersARealReview(http, port);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Counts of what came back. */
    private static final class Tally {
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final Map<ReviewFuzzer.Kind, Integer> kinds = new EnumMap<>(ReviewFuzzer.Kind.class);
        final AtomicLong answered = new AtomicLong();
        final AtomicLong transportErrors = new AtomicLong();
        final AtomicLong oversizedTransportErrors = new AtomicLong();
        final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.Queue<String> oracleFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final AtomicLong refusedAsExpected = new AtomicLong();
        final AtomicLong admittedAsExpected = new AtomicLong();

        /** Holds a security case's answer to its oracle. */
        void check(ReviewFuzzer.Input input, int status, String body) {
            SecurityCases.Expect expect = input.expect();
            String problem = oracleProblem(expect, status, body);
            if (problem == null) {
                (expect.allowed() ? admittedAsExpected : refusedAsExpected).incrementAndGet();
            } else {
                oracleFailures.add(expect.what() + ": " + problem);
                keep(input, "oracle");
            }
        }
        final AtomicInteger kept = new AtomicInteger();

        /** Keeps a failing input for whoever fixes it: target/fuzz-failures/NNN-status-kind.json. */
        void keep(ReviewFuzzer.Input input, String outcome) {
            int n = kept.incrementAndGet();
            if (n > KEEP_FAILURES) {
                return;
            }
            try {
                Path dir = Path.of("target", "fuzz-failures");
                java.nio.file.Files.createDirectories(dir);
                String name = String.format("%03d-%s-%s%s.json", n, outcome, input.kind(),
                        input.path().replace('/', '_'));
                java.nio.file.Files.write(dir.resolve(name), input.body());
                failures.add(name);
            } catch (java.io.IOException e) {
                failures.add("could not keep input " + n + ": " + e);
            }
        }
    }

    /** Why the answer is not the expected one, or null when it is. */
    static String oracleProblem(SecurityCases.Expect expect, int status, String body) {
        if (status != 200) {
            return "HTTP " + status;
        }
        JsonNode response = Json.read(body, JsonNode.class).path("response");
        if (response.path("allowed").asBoolean() != expect.allowed()) {
            return (expect.allowed() ? "refused: " : "admitted") + response.at("/status/message").asText();
        }
        String message = response.at("/status/message").asText();
        for (String fragment : expect.fragments()) {
            if (!message.contains(fragment)) {
                return "the denial does not say \"" + fragment + "\": " + message;
            }
        }
        return null;
    }

    /** Waits until the webhook's policy cache holds the three SparkPolicies: each refuses its probe. */
    private static void awaitPolicies(HttpClient http, int port) {
        SecurityCases probes = new SecurityCases(new java.util.Random(1));
        for (String level : SecurityCases.LEVELS) {
            SecurityCases.Case probe = probes.probe(level);
            E2e.await(() -> {
                try {
                    String body = post(http, port, probe.path(), Json.write(probe.review()));
                    return oracleProblem(probe.expect(), 200, body) == null ? java.util.Optional.of(true)
                            : java.util.Optional.empty();
                } catch (Exception e) {
                    return java.util.Optional.empty();
                }
            }, java.time.Duration.ofSeconds(30), "SparkPolicy " + SecurityCases.namespace(level) + " enforced");
        }
    }

    private static String post(HttpClient http, int port, String path, String body) throws Exception {
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI(path).putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(Buffer::toString))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void run(HttpClient http, int port, ReviewFuzzer fuzzer, int count, Tally tally) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
        for (int i = 0; i < count; i++) {
            ReviewFuzzer.Input input = fuzzer.next();
            tally.kinds.merge(input.kind(), 1, Integer::sum);
            long wait = deadline - System.nanoTime();
            assertThat(wait > 0 && slots.tryAcquire(wait, TimeUnit.NANOSECONDS))
                    .as("fuzzing finished within " + TIME_LIMIT_SECONDS + " s (at input " + i + ")").isTrue();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI(input.path() + "?timeout=5s").putHeader("Content-Type", "application/json")
                    .setIdleTimeout(20_000);
            Future<Map.Entry<Integer, Buffer>> answer = http.request(options)
                    .compose(req -> req.send(Buffer.buffer(input.body())))
                    .compose(resp -> resp.body().map(b -> Map.entry(resp.statusCode(), b)));
            answer.onComplete(ar -> {
                if (ar.succeeded()) {
                    int status = ar.result().getKey();
                    tally.answered.incrementAndGet();
                    tally.statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    if (status >= 500) {
                        tally.keep(input, String.valueOf(status));
                    } else if (input.expect() != null) {
                        tally.check(input, status, ar.result().getValue().toString());
                    }
                } else {
                    tally.transportErrors.incrementAndGet();
                    if (input.kind() == ReviewFuzzer.Kind.OVERSIZED) {
                        tally.oversizedTransportErrors.incrementAndGet();
                    } else {
                        tally.keep(input, "dropped");
                    }
                }
                slots.release();
                done.countDown();
            });
        }
        assertThat(done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)).isTrue();
    }

    private static void assertStillAnswersARealReview(HttpClient http, int port) throws Exception {
        var review = DevCommand.sampleReview();
        Map.Entry<Integer, String> answered = http.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1").setPort(port).setURI("/mutate/pods")
                        .putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(Json.write(review))))
                .compose(resp -> resp.body().map(b -> Map.entry(resp.statusCode(), b.toString())))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(answered.getKey()).as("status of a real review after fuzzing: " + answered.getValue())
                .isEqualTo(200);
        JsonNode answer = Json.read(answered.getValue(), JsonNode.class);
        assertThat(answer.at("/response/uid").asText()).isEqualTo(review.at("/request/uid").asText());
        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
    }

    private static void deleteKeptFailures() throws java.io.IOException {
        Path dir = Path.of("target", "fuzz-failures");
        if (java.nio.file.Files.isDirectory(dir)) {
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path f : files.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
