package io.sparkgate.webhook.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the admission port's connections: at most {@link WebhookConfig.Limits#maxConnections()} open at once (the
 * next is closed as soon as it is accepted), and a new connection must deliver its first request's headers within
 * {@link WebhookConfig.Limits#headerTimeout()}: a client trickling header bytes keeps the idle timer from firing, so
 * without this 3,000 such clients hold 3,000 sockets for good. Shared by every listener of the port.
 */
final class ConnectionGuard {
    /** Open admission connections. */
    static final String OPEN = "sparkgate.admission.connections";
    /** Connections the guard closed, by reason ({@code limit}, {@code header_timeout}). */
    static final String CLOSED = "sparkgate.admission.connections.closed";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final WebhookConfig.Limits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<HttpConnection, Long> awaitingHeaders = new ConcurrentHashMap<>();
    private final Counter overLimit;
    private final Counter headerTimeouts;
    private volatile long lastLimitLog;

    ConnectionGuard(Vertx vertx, WebhookConfig.Limits limits, MeterRegistry registry) {
        this.vertx = vertx;
        this.limits = limits;
        Gauge.builder(OPEN, open, AtomicInteger::get).description("Open admission connections").register(registry);
        overLimit = Counter.builder(CLOSED).tag("reason", "limit")
                .description("Admission connections closed by the connection guard").register(registry);
        headerTimeouts = Counter.builder(CLOSED).tag("reason", "header_timeout")
                .description("Admission connections closed by the connection guard").register(registry);
    }

    /** A new connection: closed at once over the limit, else timed until its first request's headers arrive. */
    void accepted(HttpConnection connection) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            overLimit.increment();
            long now = System.nanoTime();
            if (now - lastLimitLog > 10_000_000_000L) { // one line per 10 s, not one per refused socket
                lastLimitLog = now;
                LOG.warn("{} admission connections are open, the limit: closing new ones from {}",
                        limits.maxConnections(), connection.remoteAddress());
            }
            connection.close();
            return;
        }
        long timer = vertx.setTimer(limits.headerTimeout().toMillis(), id -> {
            if (awaitingHeaders.remove(connection) != null) {
                headerTimeouts.increment();
                LOG.info("closing the connection from {}: no request headers within {} ms",
                        connection.remoteAddress(), limits.headerTimeout().toMillis());
                connection.close();
            }
        });
        awaitingHeaders.put(connection, timer);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            cancel(connection);
        });
    }

    /** A request's headers arrived on {@code connection}: it is no longer at risk of the header timeout. */
    void requestStarted(HttpConnection connection) {
        cancel(connection);
    }

    /** Open connections now. */
    int open() {
        return open.get();
    }

    private void cancel(HttpConnection connection) {
        Long timer = awaitingHeaders.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
