package io.sparkgate.webhook.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.api.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;

/**
 * The plain-HTTP side port: {@code GET /healthz} (the process answers), {@code GET /readyz} (certificate loaded,
 * caches synced, not shutting down) and {@code GET /metrics} (Prometheus text). Kept off the TLS port so probes and
 * scrapes need no certificate and never compete with admissions for the TLS listener.
 */
final class HealthServer {
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;

    HealthServer(Readiness readiness, PrometheusMeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    /** Starts listening; completes with the bound port. */
    Future<Integer> start(Vertx vertx, String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(120)).requestHandler(this::handle);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        var response = request.response();
        if (request.method() != io.vertx.core.http.HttpMethod.GET) {
            response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET").end();
            return;
        }
        switch (request.path()) {
            case "/healthz" -> json(request, 200, Map.of("status", "ok"));
            case "/readyz" -> {
                List<String> reasons = readiness.notReady();
                if (reasons.isEmpty()) {
                    json(request, 200, Map.of("status", "ready"));
                } else {
                    json(request, 503, Map.of("status", "not ready", "reasons", reasons));
                }
            }
            case "/metrics" -> response.putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS).end(registry.scrape());
            default -> json(request, 404, Map.of("error", "no such path: " + request.path()
                    + "; try /healthz, /readyz or /metrics"));
        }
    }

    private static void json(HttpServerRequest request, int status, Object body) {
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(body));
    }
}
