package io.sparkgate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The plain-HTTP /healthz, /readyz and /metrics of the processes that serve no admission port (the operator, the
 * certificate writer): the JDK's small server, so neither needs Vert.x.
 */
public final class HealthEndpoints {
    private HealthEndpoints() {
    }

    /** Serves the three paths on {@code port} until the result is stopped; /readyz is 503 while not {@code ready}. */
    public static HttpServer serve(PrometheusMeterRegistry registry, BooleanSupplier ready, int port)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", exchange -> {
            boolean up = ready.getAsBoolean();
            respond(exchange, up ? 200 : 503, "text/plain", up ? "ok\n" : "starting\n");
        });
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
