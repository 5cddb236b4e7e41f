package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.PodSecurityLevel;
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
 * stays within a bound. Issue 18: one input in five is a security case ({@link SecurityCases}): under one
 * SparkPolicy per Pod Security level, a real Spark pod or example app with one hostile setting of
 * {@link SecurityTable} must be refused with a message naming the field and the level exactly when the level
 * forbids it, and with one allowed value of the same field (the control) admitted. Bounded in count and time.
 */
class AdmissionFuzzIT {
    // 10,000 in the main suite (15-25 s on 2 shared cores); the long-tests profile runs the issue's 100,000.
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
            for (PodSecurityLevel level : SecurityCases.LEVELS) {
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
                Oracle oracle = new Oracle();
                awaitPolicies(http, port, fuzzer.security());
                for (SecurityCases.Case plain : fuzzer.security().plainBases()) {
                    // The table's premise: every base, unchanged, passes its level.
                    String problem = oracle.problem(plain.expect(), post(http, port, plain.path(), plain.review()));
                    assertThat(problem).as(plain.expect().what()).isNull();
                }

                run(http, port, fuzzer, 2_000, new Tally(), oracle);
                long heapBefore = heapAfterGc();
                Tally tally = new Tally();
                long start = System.nanoTime();
                run(http, port, fuzzer, INPUTS, tally, oracle);
                double seconds = (System.nanoTime() - start) / 1e9;
                long heapAfter = heapAfterGc();
                oracle.retryUndecided(http, port);
                System.out.printf("[fuzz] %d inputs in %.1f s (%.0f/s), seed %d; statuses %s; by kind %s; transport "
                                + "errors %d (%d on oversized bodies); heap after GC %d MiB -> %d MiB; generating the "
                                + "inputs took %.1f s of it; answers with an empty body %s%n", INPUTS, seconds, INPUTS / seconds, SEED, new TreeMap<>(tally.statuses), tally.kinds,
                        tally.transportErrors.get(), tally.oversizedTransportErrors.get(), heapBefore >> 20,
                        heapAfter >> 20, tally.generating.get() / 1e9,
                        new TreeMap<>(tally.emptyBodies));
                oracle.print();

                assertThat(tally.statuses.keySet()).as("HTTP statuses answered (failing inputs kept in "
                        + "target/fuzz-failures: " + tally.failures + ")").allMatch(s -> s >= 200 && s < 500);
                assertThat(tally.transportErrors.get() - tally.oversizedTransportErrors.get())
                        .as("connections dropped without an answer (bodies within the limit)").isZero();
                assertThat(tally.answered.get() + tally.transportErrors.get()).isEqualTo(INPUTS);
                assertThat(tally.statuses.getOrDefault(200, new AtomicInteger()).get()).as("valid reviews answered")
                        .isPositive();
                assertThat(tally.statuses.getOrDefault(400, new AtomicInteger()).get()).as("garbage refused")
                        .isPositive();
                assertThat(oracle.failures).as("security cases answered otherwise than SecurityTable says (seed "
                        + SEED + "; bodies kept in target/fuzz-failures)").isEmpty();
                assertThat(oracle.count("refused")).as("hostile security cases refused").isGreaterThan(INPUTS / 40);
                assertThat(oracle.count("control admitted")).as("controls admitted").isGreaterThan(INPUTS / 40);
                assertThat(SecurityTable.ROWS.stream().map(SecurityTable.Row::name).filter(r -> !oracle.rows
                        .containsKey(r)).toList()).as("table rows no case exercised").isEmpty();
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
        final AtomicLong generating = new AtomicLong();
        final Map<String, AtomicInteger> emptyBodies = new ConcurrentHashMap<>();
        final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
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
                String name = String.format("%03d-%s-%s%s-input%d.json", n, outcome, input.kind(),
                        input.path().replace('/', '_'), input.index());
                java.nio.file.Files.write(dir.resolve(name), input.body());
                failures.add(name);
            } catch (java.io.IOException e) {
                failures.add("could not keep input " + n + ": " + e);
            }
        }
    }

    private static void run(HttpClient http, int port, ReviewFuzzer fuzzer, int count, Tally tally, Oracle oracle)
            throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        Map<Long, String> inFlight = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
        for (int i = 0; i < count; i++) {
            long made = System.nanoTime();
            ReviewFuzzer.Input input = fuzzer.next();
            tally.generating.addAndGet(System.nanoTime() - made);
            tally.kinds.merge(input.kind(), 1, Integer::sum);
            long wait = deadline - System.nanoTime();
            assertThat(wait > 0 && slots.tryAcquire(wait, TimeUnit.NANOSECONDS))
                    .as("fuzzing finished within " + TIME_LIMIT_SECONDS + " s (at input " + i + " of seed " + SEED
                            + "; in flight: " + inFlight.values() + ")").isTrue();
            inFlight.put(input.index(), input.kind() + " #" + input.index() + " " + input.path());
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI(input.path() + "?timeout=5s").putHeader("Content-Type", "application/json")
                    .setIdleTimeout(20_000);
            Future<Answer> answer = http.request(options)
                    // The body is read inside send's future: chained after it, from this non-Vert.x thread, the
                    // response can end before body() is asked for and the body is lost (Vert.x's racy form).
                    .compose(req -> req.send(Buffer.buffer(input.body()))
                            .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString(),
                                    "content-length " + resp.getHeader("content-length") + ", connection "
                                            + resp.getHeader("connection") + ", version " + resp.version()))));
            answer.onComplete(ar -> {
                // Whatever a check throws, the slot and the count are given back: a lost callback would stall the
                // run and fail it at the time limit, far from its cause.
                try {
                    if (ar.succeeded()) {
                        int status = ar.result().status();
                        tally.answered.incrementAndGet();
                        if (ar.result().body().isEmpty()) {
                            tally.emptyBodies.computeIfAbsent(input.kind() + " " + status, k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        tally.statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        if (status >= 500) {
                            tally.keep(input, String.valueOf(status));
                        } else if (input.expect() != null && !oracle.check(input, ar.result())) {
                            tally.keep(input, "oracle");
                        }
                    } else {
                        tally.transportErrors.incrementAndGet();
                        if (input.kind() == ReviewFuzzer.Kind.OVERSIZED) {
                            tally.oversizedTransportErrors.incrementAndGet();
                        } else {
                            tally.keep(input, "dropped");
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    oracle.failures.add("input #" + input.index() + " (" + input.kind() + "): checking its answer "
                            + "threw " + e);
                } finally {
                    inFlight.remove(input.index());
                    slots.release();
                    done.countDown();
                }
            });
        }
        assertThat(done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                .as("every input answered within " + TIME_LIMIT_SECONDS + " s (seed " + SEED + "; still in flight: "
                        + inFlight.values() + ")").isTrue();
    }

    /** An HTTP answer. */
    record Answer(int status, String body, String headers) {
        Answer(int status, String body) {
            this(status, body, "");
        }
    }

    /**
     * Holds the security cases' answers to {@link SecurityCases.Expect}: allowed or refused as the table says, a
     * denial naming the field and the level. A case the server answered by its decision deadline (a fail-closed
     * denial that names neither, under a loaded machine) is sent again alone after the run and judged by that answer.
     */
    static final class Oracle {
        final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> groups = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> rows = new ConcurrentHashMap<>();
        final java.util.Queue<ReviewFuzzer.Input> undecided = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final AtomicInteger retried = new AtomicInteger();
        final java.util.Queue<String> malformed = new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** Judges one answer; false (and the failure recorded) when it is not the one the table names. */
        boolean check(ReviewFuzzer.Input input, Answer answer) {
            if (answer.status() == 200 && answer.body().contains(UNDECIDED)) {
                undecided.add(input);
                return true;
            }
            if (answer.body().isEmpty() && answer.headers().startsWith("content-length ")
                    && !answer.headers().startsWith("content-length 0,")
                    && !answer.headers().startsWith("content-length null,")) {
                // The server declared a body the client did not hand over. Seen about 20 times in 100,000 while
                // the body was read in a future chained after send's (Vert.x's racy form from a non-Vert.x thread);
                // kept as a guard: the case is sent again alone and judged by that answer, and the count printed.
                // A 200 without a declared body would be the server's fault and is judged (and fails) as it is.
                malformed.add("seed " + SEED + " input #" + input.index() + " (" + input.kind() + " " + input.path()
                        + "): HTTP " + answer.status() + ", body not received (" + answer.headers() + ")");
                undecided.add(input);
                return true;
            }
            return judge(input, answer);
        }

        private boolean judge(ReviewFuzzer.Input input, Answer answer) {
            SecurityCases.Expect expect = input.expect();
            rows.computeIfAbsent(expect.row(), k -> new AtomicInteger()).incrementAndGet();
            String problem = problem(expect, answer);
            if (problem == null) {
                groups.computeIfAbsent(expect.group(), k -> new AtomicInteger()).incrementAndGet();
                return true;
            }
            failures.add("seed " + SEED + " input #" + input.index() + ": " + expect.what() + ": " + problem);
            return false;
        }

        /** Why the answer is not the expected one, or null when it is. */
        String problem(SecurityCases.Expect expect, Answer answer) {
            if (answer.status() != 200) {
                return "HTTP " + answer.status() + ": " + answer.body();
            }
            if (answer.body().isBlank()) {
                return "HTTP 200 without a body (" + answer.headers() + ")";
            }
            JsonNode response = Json.read(answer.body(), JsonNode.class).path("response");
            return expect.problem(response.path("allowed").asBoolean(), response.at("/status/message").asText());
        }

        /** Sends the cases answered by the decision deadline again, one at a time, and judges those answers. */
        void retryUndecided(HttpClient http, int port) throws Exception {
            for (ReviewFuzzer.Input input; (input = undecided.poll()) != null; ) {
                retried.incrementAndGet();
                Answer answer = post(http, port, input.path(), input.body());
                if (answer.body().contains(UNDECIDED)) {
                    failures.add("seed " + SEED + " input #" + input.index() + ": " + input.expect().what()
                            + ": not decided within the deadline even alone");
                } else {
                    judge(input, answer);
                }
            }
        }

        int count(String outcome) {
            return groups.entrySet().stream().filter(e -> e.getKey().endsWith(outcome))
                    .mapToInt(e -> e.getValue().get()).sum();
        }

        void print() {
            System.out.printf("[fuzz] security cases as SecurityTable says: %s; %d rows exercised; %d answered by the "
                    + "deadline or not received, judged when sent again (%d not received); %d wrong%n",
                    new TreeMap<>(groups), rows.size(), retried.get(), malformed.size(), failures.size());
            failures.stream().limit(20).forEach(f -> System.out.println("[fuzz] WRONG " + f));
            malformed.stream().limit(20).forEach(f -> System.out.println("[fuzz] NOT RECEIVED " + f));
        }
    }

    /** What a review the webhook did not decide in time is answered with (AdmissionRequestHandler). */
    private static final String UNDECIDED = "did not decide this request within";

    /** Waits until the webhook enforces each level's SparkPolicy (namespace labels and policy seen): its probe is refused. */
    private static void awaitPolicies(HttpClient http, int port, SecurityCases security) {
        Oracle oracle = new Oracle();
        for (PodSecurityLevel level : SecurityCases.LEVELS) {
            SecurityCases.Case probe = security.probe(level);
            E2e.await(() -> {
                try {
                    return oracle.problem(probe.expect(), post(http, port, probe.path(), probe.review())) == null
                            ? java.util.Optional.of(true) : java.util.Optional.empty();
                } catch (Exception e) {
                    return java.util.Optional.empty();
                }
            }, java.time.Duration.ofSeconds(30), "SparkPolicy " + SecurityCases.namespace(level) + " enforced");
        }
    }

    private static Answer post(HttpClient http, int port, String path, JsonNode review) throws Exception {
        return post(http, port, path, Json.write(review).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Answer post(HttpClient http, int port, String path, byte[] body) throws Exception {
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI(path).putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body))
                        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString()))))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertStillAnswersARealReview(HttpClient http, int port) throws Exception {
        var review = DevCommand.sampleReview();
        String body = http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI("/mutate/pods").putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(Json.write(review)))
                        .compose(resp -> resp.body().map(Buffer::toString)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        JsonNode answer = Json.read(body, JsonNode.class);
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
