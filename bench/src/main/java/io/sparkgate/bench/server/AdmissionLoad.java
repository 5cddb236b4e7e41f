package io.sparkgate.bench.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import io.sparkgate.cli.server.DevCommand;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.MissingAppPolicy;
import io.sparkgate.webhook.admission.PodMutatingHandler;
import io.sparkgate.webhook.apps.DirectoryAppLookup;
import io.sparkgate.webhook.server.Readiness;
import io.sparkgate.webhook.server.WebhookConfig;
import io.sparkgate.webhook.server.WebhookServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load behind docs/benchmarks.md (issue 2): starts the admission server on loopback with a throwaway CA, then
 * drives it over TLS with keep-alive from a Vert.x client trusting only that CA (hostname verified). For each of
 * {@code /mutate/pods} (the AdmissionReview of the real Spark 4.1.1 spark-pi driver pod) and {@code /bench/noop}
 * (same body, fixed answer: the server's limit) it measures the maximum rate with N connections (closed loop) and the
 * latency at a fixed offered rate (open loop, latency counted from the intended send time).
 *
 * <p>Usage: {@code java -cp bench/target/sparkgate-bench.jar io.sparkgate.bench.server.AdmissionLoad [seconds]
 * [connections] [rate]}; defaults 15 s, 16 connections, 2000/s. With {@code --target PORT CA_FILE} first, it drives
 * a server already running in another process on 127.0.0.1 (e.g. {@link BenchServer}, whose {@code ca.crt} is the
 * CA file) instead of starting one in this JVM, so the server's figures do not include the driver's threads, GC and
 * JIT.
 */
public final class AdmissionLoad {
    private AdmissionLoad() {
    }

    /** Runs the benchmark and prints one Markdown table. */
    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("--target")) {
            String caPem = Files.readString(Path.of(args[2]));
            String[] rest = Arrays.copyOfRange(args, 3, args.length);
            run(Integer.parseInt(args[1]), caPem, rest);
            return;
        }
        Path dir = Files.createTempDirectory("sparkgate-bench-");
        CertificateAuthority ca = CertificateAuthority.generate("bench CA", Duration.ofDays(1), KeyAlgorithm.ECDSA_P256,
                Clock.systemUTC(), new SecureRandom());
        IssuedCertificate leaf = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1),
                KeyAlgorithm.ECDSA_P256);
        Files.writeString(dir.resolve("tls.crt"), leaf.certificatePem());
        Files.writeString(dir.resolve("tls.key"), leaf.keyPem());

        Vertx serverVertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AdmissionMetrics metrics = new AdmissionMetrics(registry);
        var wait = new PodMutatingHandler.AppWait(Duration.ofSeconds(2), Duration.ofMillis(50), MissingAppPolicy.ALLOW,
                (ms, task) -> serverVertx.setTimer(Math.max(1, ms), id -> task.run()));
        var apps = DirectoryAppLookup.of("spark-pi.yaml", DevCommand.resource("spark-pi.yaml"));
        WebhookServer server = WebhookServer.start(serverVertx,
                WebhookConfig.defaults("127.0.0.1", 0, 0, dir.resolve("tls.crt"), dir.resolve("tls.key"))
                        .withBenchEndpoint(true),
                AdmissionEndpoints.handlers(AdmissionEndpoints.Components.defaults(), apps, wait, metrics),
                metrics, registry, new Readiness());
        try {
            run(server.port(), ca.certificate().certificatePem(), args);
        } finally {
            server.shutdown(Duration.ofSeconds(2));
            serverVertx.close();
        }
    }

    /** Drives the server on 127.0.0.1:{@code port} whose chain ends at {@code caPem}. */
    private static void run(int port, String caPem, String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)))
                .setKeepAlive(true).setMaxPoolSize(connections).setDefaultHost("localhost")
                .setDefaultPort(port));
        Buffer body = Buffer.buffer(Json.write(DevCommand.sampleReview()).getBytes(StandardCharsets.UTF_8));
        System.out.printf("body %d bytes, %d connections, %d s per run, offered rate %d/s, %d cores%n",
                body.length(), connections, seconds, rate, Runtime.getRuntime().availableProcessors());
        System.out.println("| endpoint | mode | requests/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|");
        for (String path : List.of("/bench/noop", "/mutate/pods")) {
            closedLoop(client, path, body, connections, 3); // warm-up: JIT and TLS sessions
            print(path, "max, " + connections + " connections", closedLoop(client, path, body, connections, seconds));
        }
        for (String path : List.of("/bench/noop", "/mutate/pods")) {
            print(path, "fixed " + rate + "/s", openLoop(clientVertx, client, path, body, rate, seconds));
        }
        client.close();
        clientVertx.close();
    }

    private record Result(double rate, long[] latencies, int count, int errors) {
        double percentile(double p) {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return count == 0 ? Double.NaN : sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)] / 1e6;
        }
    }

    private static void print(String path, String mode, Result r) {
        System.out.printf("| `%s` | %s | %.0f | %.2f | %.2f | %d |%n", path, mode, r.rate(), r.percentile(0.50),
                r.percentile(0.99), r.errors());
    }

    /** Each connection sends its next request as soon as the answer arrives. */
    private static Result closedLoop(HttpClient client, String path, Buffer body, int connections, int seconds)
            throws InterruptedException {
        long[] latencies = new long[4_000_000];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            next(client, path, body, end, latencies, count, errors, done);
        }
        done.await(seconds + 30L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(count.get() / elapsed, latencies, Math.min(count.get(), latencies.length), errors.get());
    }

    private static void next(HttpClient client, String path, Buffer body, long end, long[] latencies,
                             AtomicInteger count, AtomicInteger errors, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        send(client, path, body).onComplete(ar -> {
            record(ar.succeeded() && ar.result() == 200, sent, latencies, count, errors);
            next(client, path, body, end, latencies, count, errors, done);
        });
    }

    /** Requests are sent on a fixed schedule whatever the answers; latency counts from the scheduled time. */
    private static Result openLoop(Vertx vertx, HttpClient client, String path, Buffer body, int rate, int seconds)
            throws InterruptedException {
        long[] latencies = new long[rate * seconds + 16];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        int total = rate * seconds;
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        AtomicInteger issued = new AtomicInteger();
        long timer = vertx.setPeriodic(1, id -> {
            long due = (System.nanoTime() - start) / interval;
            while (issued.get() < Math.min(due, total)) {
                long scheduled = start + issued.getAndIncrement() * interval;
                send(client, path, body).onComplete(ar -> {
                    record(ar.succeeded() && ar.result() == 200, scheduled, latencies, count, errors);
                    done.countDown();
                });
            }
        });
        done.await(seconds + 30L, TimeUnit.SECONDS);
        vertx.cancelTimer(timer);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(count.get() / elapsed, latencies, count.get(), errors.get());
    }

    private static void record(boolean ok, long since, long[] latencies, AtomicInteger count, AtomicInteger errors) {
        if (!ok) {
            errors.incrementAndGet();
            return;
        }
        int i = count.getAndIncrement();
        if (i < latencies.length) {
            latencies[i] = System.nanoTime() - since;
        }
    }

    private static io.vertx.core.Future<Integer> send(HttpClient client, String path, Buffer body) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                        .putHeader("content-type", "application/json"))
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> resp.statusCode())));
    }
}
