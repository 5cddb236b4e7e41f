package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.cli.dev.ChartWebhooks;
import io.sparkgate.cli.dev.LocalCluster;
import io.sparkgate.testing.apiserver.AdmissionListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, phase 4: Spark driver pods created through the API emulation at a fixed offered rate (1,000/s for 60 s
 * by default) while the webhook's certificate is rotated to a new CA and the webhook is restarted, with
 * {@code failurePolicy: Fail} on the pod webhooks (the chart's {@code webhooks.mutating.failurePolicy=Fail}).
 * Pods refused during the restart are retried, as a controller would; none may be refused during the rotation.
 * Afterwards every pod the driver was told is stored is in the store, and every stored pod carries sparkgate's
 * mutation: zero lost, zero unmutated. The rates and latencies reached are printed ({@code [load]} lines) and
 * recorded in docs/benchmarks.md, not asserted beyond a floor: they depend on the machine and what else runs on it.
 *
 * <p>Bounded: an unmeasured warm-up of at most {@code sparkgate.load.warmup.seconds} (default 45), then the offered load
 * stops at {@code sparkgate.load.seconds} (default 60), retries at +15 s. Loopback only.
 * {@code sparkgate.load.rate} sets the offered rate, {@code sparkgate.load.namespaces} spreads the pods over that
 * many namespaces (default 1: all in {@code load}).
 */
class AdmissionLoadIT {
    private static final int SECONDS = Integer.getInteger("sparkgate.load.seconds", 60);
    private static final int RATE = Integer.getInteger("sparkgate.load.rate", 1000);
    /** Namespaces the pods are spread over, one spark-pi app in each ({@code load}, or {@code load-0} ...). */
    private static final int NAMESPACES = Integer.getInteger("sparkgate.load.namespaces", 1);
    private static final int MAX_IN_FLIGHT = 64;
    private static final int WARM_UP_SECONDS = Integer.getInteger("sparkgate.load.warmup.seconds", 45);
    private static final long RETRY_AFTER_MILLIS = 100;
    private static final long RETRY_GRACE_NANOS = TimeUnit.SECONDS.toNanos(15);

    @TempDir
    Path work;

    private final AtomicLong admittedUnmutated = new AtomicLong();
    private final AtomicLong admittedMutated = new AtomicLong();
    /** Namespace → the uid of its spark-pi app, which sparkgate's mutation makes every pod's owner. */
    private final Map<String, String> appUids = new ConcurrentHashMap<>();

    @Test
    void underLoadWithRotationAndRestartNoPodIsLostOrStoredUnmutated() throws Exception {
        AdmissionListener listener = d -> {
            String appUid = d.namespace() == null ? null : appUids.get(d.namespace());
            if (d.resource().equals("pods") && d.isAdmitted() && appUid != null) {
                (E2e.ownedByApp(d.admitted(), appUid) ? admittedMutated : admittedUnmutated).incrementAndGet();
            }
        };
        ChartWebhooks failClosed = ChartWebhooks.chartDefaults().withFailurePolicies("Fail", "Fail");
        try (AutoCloseable quiet = E2e.quiet();
             LocalCluster cluster = E2e.start(work, failClosed, listener, 64)) {
            for (String ns : namespaces()) {
                E2e.namespace(cluster.client(), ns, Map.of());
                appUids.put(ns, cluster.client().resources(SparkApplication.class).inNamespace(ns)
                        .resource(E2e.sparkPi(ns)).create().getMetadata().getUid());
                // Warm-up: the webhook's informer has the app once a pod comes back mutated.
                E2e.await(() -> {
                    Pod p = cluster.client().pods().inNamespace(ns).resource(Json.mapper().convertValue(
                            E2e.sparkPiDriver("warmup-" + System.nanoTime()), Pod.class)).create();
                    return E2e.ownedByApp(Json.mapper().valueToTree(p), appUids.get(ns)) ? java.util.Optional.of(p)
                            : java.util.Optional.empty();
                }, Duration.ofSeconds(20), "a mutated warm-up pod in " + ns);
            }
            warmUp(cluster);
            admittedMutated.set(0);
            admittedUnmutated.set(0);
            int before = storedPods(cluster).size();

            LoadResult result = drive(cluster);

            Set<String> stored = new HashSet<>();
            long unmutatedStored = 0;
            for (JsonNode pod : storedPods(cluster)) {
                String name = pod.path("metadata").path("name").asText();
                if (name.startsWith("load-")) {
                    stored.add(name);
                    String ns = pod.path("metadata").path("namespace").asText();
                    unmutatedStored += ns.equals(namespaceOf(name)) && E2e.ownedByApp(pod, appUids.get(ns)) ? 0 : 1;
                }
            }
            System.out.printf("[load] %s; stored %d pods (+%d warm-up), unmutated stored %d, admitted unmutated %d%n",
                    result, stored.size(), before, unmutatedStored, admittedUnmutated.get());

            assertThat(result.pending()).as("pods never acknowledged (lost)").isZero();
            // A set difference, not containsAll: AssertJ compares every pair, O(n²) for 60,000 pods.
            Set<String> notStored = new HashSet<>(result.acknowledged());
            notStored.removeAll(stored);
            assertThat(notStored).as("acknowledged pods that are not stored (lost)").isEmpty();
            assertThat(stored).as("nothing stored that the driver did not send").hasSize(result.acknowledged().size());
            assertThat(unmutatedStored).as("stored pods without sparkgate's mutation").isZero();
            assertThat(admittedUnmutated.get()).as("pods admitted without sparkgate's mutation").isZero();
            assertThat(result.refusedDuringOutage()).as("the restart window refused pods (Fail), retried later")
                    .isPositive();
            assertThat(result.refusedDuringRotation()).as("pods refused while the CA was rotated").isZero();
            assertThat(cluster.api().stats().failures(ChartWebhooks.MUTATE_PODS)).isPositive();
            assertThat(result.acknowledged().size()).as("sustained a meaningful load").isGreaterThan(SECONDS * 50);
        }
    }

    /**
     * Keeps {@link #MAX_IN_FLIGHT} pods in flight, unmeasured, until the JIT has compiled the admission path
     * (emulation, webhook, mutation), as in a webhook that has been up for a while: on 2 cores the closed-loop rate
     * keeps climbing for tens of seconds after start. It stops once a 2-second window reaches 1.3 times the offered
     * rate, or the rate has not risen by 5 % over three windows, and after {@link #WARM_UP_SECONDS} at most.
     */
    private void warmUp(LocalCluster cluster) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient http = loadClient(vertx);
        String template = Json.write(E2e.sparkPiDriver("@NAME@"));
        String ns = namespaces().get(0);
        long start = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        AtomicLong created = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(MAX_IN_FLIGHT);
        for (int lane = 0; lane < MAX_IN_FLIGHT; lane++) {
            vertx.runOnContext(v -> warmUpLoop(http, cluster.api().port(), ns, template, stop, sent, created, done));
        }
        List<Long> rates = new java.util.ArrayList<>();
        long last = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS)) {
            Thread.sleep(2000);
            long now = created.get();
            rates.add((now - last) / 2);
            last = now;
            int n = rates.size();
            boolean fastEnough = rates.get(n - 1) >= RATE * 13L / 10;
            // Flat: the last three windows beat the best before them by less than 5 %.
            boolean flat = n > 3 && max(rates.subList(n - 3, n)) * 100 <= max(rates.subList(0, n - 3)) * 105;
            if (fastEnough || flat) {
                break;
            }
        }
        stop.set(true);
        assertThat(done.await(30, TimeUnit.SECONDS)).as("warm-up finished").isTrue();
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.printf("[load] warm-up: %d pods created in %.0f s, pods/s per 2 s window %s%n", created.get(),
                (System.nanoTime() - start) / 1e9, rates);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static void warmUpLoop(HttpClient http, int port, String ns, String template,
                                   AtomicBoolean stop, AtomicLong sent, AtomicLong created,
                                   CountDownLatch done) {
        if (stop.get()) {
            done.countDown();
            return;
        }
        String name = "warmup-" + sent.incrementAndGet();
        createPod(http, port, ns, template, name).onComplete(ar -> {
            if (ar.succeeded() && ar.result() == 201) {
                created.incrementAndGet();
            }
            warmUpLoop(http, port, ns, template, stop, sent, created, done);
        });
    }

    /** The load's HTTP client: keep-alive, at most {@link #MAX_IN_FLIGHT} connections. */
    private static HttpClient loadClient(Vertx vertx) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(15)
                .setIdleTimeoutUnit(TimeUnit.SECONDS), new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
    }

    /** POSTs the driver pod of {@code template} as {@code name}; completes with the HTTP status. */
    private static Future<Integer> createPod(HttpClient http, int port, String namespace, String template,
                                             String name) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/api/v1/namespaces/" + namespace + "/pods").putHeader("Content-Type", "application/json")
                .setIdleTimeout(15_000);
        return http.request(options)
                .compose(req -> req.send(Buffer.buffer(template.replace("@NAME@", name)
                        .getBytes(StandardCharsets.UTF_8)))
                        .compose(resp -> resp.body().map(b -> resp.statusCode())));
    }

    /** What the load run came to. */
    record LoadResult(Set<String> acknowledged, long pending, long refused, long refusedDuringOutage,
                      long refusedDuringRotation, long retries, double offeredPerSecond, double acceptedPerSecond,
                      double p50Ms, double p99Ms, List<Long> perSecond) {
        @Override
        public String toString() {
            return String.format("%d namespace(s), offered %.0f/s for %d s, accepted %.0f/s (first attempts), %d pods "
                            + "acknowledged, %d refusals (%d during the restart, %d during the CA rotation), %d retries, "
                            + "pending %d, p50 %.1f ms, p99 %.1f ms, admitted per second %s", NAMESPACES,
                    offeredPerSecond, SECONDS, acceptedPerSecond, acknowledged.size(), refused, refusedDuringOutage,
                    refusedDuringRotation, retries, pending, p50Ms, p99Ms, perSecond);
        }
    }

    private LoadResult drive(LocalCluster cluster) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient http = loadClient(vertx);
        String template = Json.write(E2e.sparkPiDriver("@NAME@"));
        int port = cluster.api().port();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ArrayDeque<String> retryQueue = new ArrayDeque<>();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong refusedOutage = new AtomicLong();
        AtomicLong refusedRotation = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong firstAttemptsOk = new AtomicLong();
        AtomicLongArray latencyMicros = new AtomicLongArray(4096);
        AtomicLongArray perSecond = new AtomicLongArray(SECONDS + 20);
        long start = System.nanoTime();
        long[] issued = {0};
        Set<String> issuedNames = ConcurrentHashMap.newKeySet();
        Outage flags = new Outage();
        CountDownLatch finished = new CountDownLatch(1);

        java.util.function.Consumer<String> post = name -> {
            inFlight.incrementAndGet();
            boolean sentDuringRotation = flags.rotating;
            boolean first = !sentAt.containsKey(name);
            sentAt.putIfAbsent(name, System.nanoTime());
            long t0 = System.nanoTime();
            createPod(http, port, namespaceOf(name), template, name)
                    .onComplete(ar -> {
                        inFlight.decrementAndGet();
                        int code = ar.succeeded() ? ar.result() : -1;
                        // 409: an earlier attempt was stored after all (its answer was lost): the pod exists.
                        if (code == 201 || code == 409) {
                            acknowledged.add(name);
                            int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                            perSecond.incrementAndGet(Math.min(second, perSecond.length() - 1));
                            if (first) {
                                firstAttemptsOk.incrementAndGet();
                                long micros = (System.nanoTime() - t0) / 1000;
                                latencyMicros.incrementAndGet(bucket(micros));
                            }
                        } else {
                            refused.incrementAndGet();
                            if (flags.outage) {
                                refusedOutage.incrementAndGet();
                            }
                            // A request sent during the rotation but answered once the webhook is down (short
                            // runs put the two close together) was refused by the outage, not by the rotation.
                            if (!flags.outage && (flags.rotating || sentDuringRotation)) {
                                refusedRotation.incrementAndGet();
                            }
                            // Back off a little before retrying, as a controller's work queue does.
                            vertx.setTimer(RETRY_AFTER_MILLIS, t -> {
                                synchronized (retryQueue) {
                                    retryQueue.add(name);
                                }
                            });
                        }
                    });
        };
        long period = vertx.setPeriodic(5, id -> {
            long now = System.nanoTime();
            double elapsed = (now - start) / 1e9;
            boolean offering = elapsed < SECONDS;
            while (inFlight.get() < MAX_IN_FLIGHT) {
                String retry;
                synchronized (retryQueue) {
                    retry = retryQueue.poll();
                }
                if (retry != null) {
                    retries.incrementAndGet();
                    post.accept(retry);
                    continue;
                }
                if (offering && issued[0] < (long) (elapsed * RATE)) {
                    String name = "load-" + issued[0]++;
                    issuedNames.add(name);
                    post.accept(name);
                    continue;
                }
                break;
            }
            boolean drained = !offering && inFlight.get() == 0 && retryQueueEmpty(retryQueue)
                    && acknowledged.size() == issuedNames.size();
            if (drained || now - start > TimeUnit.SECONDS.toNanos(SECONDS) + RETRY_GRACE_NANOS) {
                finished.countDown();
            }
        });
        Thread faults = new Thread(() -> {
            try {
                Thread.sleep(SECONDS * 1000L / 3);
                flags.rotating = true;
                cluster.rotateCertificate(Duration.ofSeconds(1));
                flags.rotating = false;
                System.out.printf("[load] certificate rotated to a new CA at %.1f s%n", (System.nanoTime() - start) / 1e9);
                Thread.sleep(Math.max(0, SECONDS * 1000L / 2 - (System.nanoTime() - start) / 1_000_000));
                flags.outage = true;
                System.out.printf("[load] webhook stopped at %.1f s%n", (System.nanoTime() - start) / 1e9);
                cluster.stopWebhook();
                Thread.sleep(2000);
                cluster.restartWebhook();
                System.out.printf("[load] webhook restarted at %.1f s%n", (System.nanoTime() - start) / 1e9);
                Thread.sleep(500);
                flags.outage = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-faults");
        faults.start();
        assertThat(finished.await(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
        faults.join(30_000);
        vertx.cancelTimer(period);
        double took = (System.nanoTime() - start) / 1e9;
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Set<String> missing = new HashSet<>(issuedNames);
        missing.removeAll(acknowledged);
        List<Long> seconds = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(perSecond.length(), (int) Math.ceil(took)); i++) {
            seconds.add(perSecond.get(i));
        }
        return new LoadResult(Set.copyOf(acknowledged), missing.size(), refused.get(), refusedOutage.get(),
                refusedRotation.get(), retries.get(), issued[0] / (double) SECONDS, firstAttemptsOk.get() / (double) SECONDS,
                percentile(latencyMicros, 0.50), percentile(latencyMicros, 0.99), seconds);
    }

    /** Which fault is under way, as the driver sees it. */
    private static final class Outage {
        volatile boolean outage;
        volatile boolean rotating;
    }

    private static boolean retryQueueEmpty(ArrayDeque<String> queue) {
        synchronized (queue) {
            return queue.isEmpty();
        }
    }

    // Buckets of 0.25 ms up to ~1 s.
    private static int bucket(long micros) {
        return (int) Math.min(4095, micros / 250);
    }

    private static double percentile(AtomicLongArray buckets, double q) {
        long total = 0;
        for (int i = 0; i < buckets.length(); i++) {
            total += buckets.get(i);
        }
        long rank = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= rank && rank > 0) {
                return (i + 1) * 0.25;
            }
        }
        return Double.NaN;
    }

    private static List<String> namespaces() {
        return NAMESPACES == 1 ? List.of("load")
                : java.util.stream.IntStream.range(0, NAMESPACES).mapToObj(i -> "load-" + i).toList();
    }

    /** Pod {@code load-<i>} goes to namespace {@code i mod NAMESPACES}. */
    private static String namespaceOf(String podName) {
        return NAMESPACES == 1 ? "load"
                : "load-" + Long.parseLong(podName.substring("load-".length())) % NAMESPACES;
    }

    private static List<JsonNode> storedPods(LocalCluster cluster) {
        List<JsonNode> pods = new java.util.ArrayList<>();
        for (String ns : namespaces()) {
            cluster.client().pods().inNamespace(ns).list().getItems()
                    .forEach(p -> pods.add(Json.mapper().valueToTree(p)));
        }
        return pods;
    }
}
