package io.sparkgate.bench.soak;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission reviews sent to {@code /mutate/pods} over TLS (hostname verified against the bench CA) at a fixed rate,
 * open loop: each request is scheduled, and its latency counted from the scheduled time, whatever the answers. An
 * answer counts as good only when it is HTTP 200, allowed and carries a patch (every review names an app the cluster
 * holds, so a missing patch means the webhook did not find it). {@link #window} hands back and resets the figures
 * of the period since the last call.
 */
final class AdmissionDriver implements AutoCloseable {
    /** The figures of one period: good answers with their latencies, and the bad ones by kind. */
    record Window(long[] latenciesNanos, int good, int failed, int denied, int unpatched) {
        /** The {@code p}-quantile latency in ms, NaN without good answers. */
        double percentileMs(double p) {
            if (good == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(latenciesNanos, good);
            Arrays.sort(sorted);
            return sorted[Math.min(good - 1, (int) Math.ceil(p * good) - 1)] / 1e6;
        }

        int bad() {
            return failed + denied + unpatched;
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final List<Buffer> bodies;
    private final Object lock = new Object();
    private long[] latencies = new long[1 << 17];
    private int good;
    private int failed;
    private int denied;
    private int unpatched;
    private long timer = -1;

    AdmissionDriver(int port, String caPem, List<Buffer> bodies, int connections) {
        this.bodies = List.copyOf(bodies);
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem))).setKeepAlive(true)
                .setMaxPoolSize(connections).setDefaultHost("localhost").setDefaultPort(port));
    }

    /** Sends {@code rate} reviews a second from now on (bodies in turn) until {@link #stopLoad}. */
    void startLoad(int rate) {
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        AtomicInteger issued = new AtomicInteger();
        timer = vertx.setPeriodic(1, id -> {
            long due = (System.nanoTime() - start) / interval;
            while (issued.get() < due) {
                int n = issued.getAndIncrement();
                long scheduled = start + n * interval;
                send(bodies.get(n % bodies.size()), scheduled);
            }
        });
    }

    /** Stops sending; answers in flight still count. */
    void stopLoad() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** The figures since the last call, which starts a new period. */
    Window window() {
        synchronized (lock) {
            Window w = new Window(latencies, Math.min(good, latencies.length), failed, denied, unpatched);
            latencies = new long[Math.max(1 << 17, good * 2)];
            good = 0;
            failed = 0;
            denied = 0;
            unpatched = 0;
            return w;
        }
    }

    private void send(Buffer body, long scheduled) {
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/mutate/pods")
                        .putHeader("content-type", "application/json"))
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> resp.statusCode() != 200
                        ? "status " + resp.statusCode() : b.toString())))
                .onComplete(ar -> record(ar.succeeded() ? ar.result() : null, scheduled));
    }

    private void record(String answer, long scheduled) {
        long latency = System.nanoTime() - scheduled;
        synchronized (lock) {
            if (answer == null || answer.startsWith("status ")) {
                failed++;
            } else if (!answer.contains("\"allowed\":true")) {
                denied++;
            } else if (!answer.contains("\"patch\"")) {
                unpatched++;
            } else {
                if (good < latencies.length) {
                    latencies[good] = latency;
                }
                good++;
            }
        }
    }

    @Override
    public void close() {
        stopLoad();
        client.close();
        vertx.close();
    }
}
