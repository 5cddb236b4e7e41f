package io.sparkgate.testing.apiserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * The emulation's HTTP listener on 127.0.0.1. Unlike fabric8's MockWebServer it runs requests on a worker pool,
 * because admission blocks on webhook calls, and keeps no record of past requests, so long load runs hold no
 * memory. Watches are upgraded to WebSockets and served by fabric8's own handler.
 */
final class FrontEnd {

    private FrontEnd() {
    }

    /** Starts listening on an ephemeral loopback port. */
    static Future<HttpServer> start(Vertx vertx, Dispatcher dispatcher, WorkerExecutor workers,
                                    PodLogEndpoint podLogs) {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setHandle100ContinueAutomatically(true);
        return vertx.createHttpServer(options)
                .requestHandler(request -> {
                    if (!podLogs.handle(request)) {
                        handle(request, dispatcher, workers);
                    }
                })
                .listen();
    }

    private static void handle(HttpServerRequest request, Dispatcher dispatcher, WorkerExecutor workers) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            // The upgrade must happen before the request is read; watches only touch the in-memory store.
            RecordedRequest recorded = recorded(request, null);
            MockResponse response = dispatcher.dispatch(recorded);
            if (response.getWebSocketListener() != null) {
                request.toWebSocket().onSuccess(new ServerWebSocketHandler(recorded, response))
                        .onFailure(e -> fail(request.response(), e));
            } else {
                send(request.response(), response);
            }
            return;
        }
        request.body()
                .compose(body -> workers.executeBlocking(() -> dispatcher.dispatch(recorded(request, body)), false))
                .onSuccess(response -> send(request.response(), response))
                .onFailure(e -> fail(request.response(), e));
    }

    private static RecordedRequest recorded(HttpServerRequest request, Buffer body) {
        byte[] bytes = body == null || body.length() == 0 ? null : body.getBytes();
        return new RecordedRequest("HTTP/1.1", HttpMethod.fromVertx(request.method()), request.uri(),
                Headers.builder().addAll(request.headers()).build(), new io.fabric8.mockwebserver.http.Buffer(bytes));
    }

    private static void send(HttpServerResponse out, MockResponse response) {
        out.setStatusCode(response.code());
        response.getHeaders().toMultimap().forEach((name, values) -> out.headers().add(name, values));
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
        out.end(Buffer.buffer(body));
    }

    private static void fail(HttpServerResponse out, Throwable e) {
        if (!out.headWritten()) {
            out.setStatusCode(500).end("emulated API server failed: " + e.getMessage());
        }
    }
}
