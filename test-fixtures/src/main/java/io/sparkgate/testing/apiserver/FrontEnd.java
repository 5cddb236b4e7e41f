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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulation's HTTP listener on 127.0.0.1. Unlike fabric8's MockWebServer it runs requests on a worker pool,
 * because admission blocks on webhook calls, and keeps no record of past requests, so long load runs hold no
 * memory. Watches are upgraded to WebSockets and served by fabric8's own handler, or, for clients that stream
 * them over plain HTTP as client-go and kubectl do ({@code ?watch=true} without an upgrade), written as chunked
 * newline-separated JSON events until the client goes, the store ends the watch, or {@code timeoutSeconds} passes.
 * It can be made to hang (accept connections and requests, answer none), as an overloaded or partitioned
 * kube-apiserver does.
 */
final class FrontEnd {
    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final WorkerExecutor workers;
    private final PodLogEndpoint podLogs;
    /** Requests received while hung, unanswered; guarded by this. */
    private final List<HttpServerRequest> parked = new ArrayList<>();
    private boolean hung;

    FrontEnd(Vertx vertx, Dispatcher dispatcher, WorkerExecutor workers, PodLogEndpoint podLogs) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.podLogs = podLogs;
    }

    /** Starts listening on a loopback port (0 for an ephemeral one). */
    Future<HttpServer> listen(int port) {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setReuseAddress(true).setHandle100ContinueAutomatically(true);
        return vertx.createHttpServer(options).requestHandler(this::handle).listen();
    }

    /** From now on, requests are received but not answered (open watches get nothing either). */
    synchronized void hang() {
        hung = true;
    }

    /** Answers again; the connections of the requests left unanswered are reset, as their clients gave up. */
    void resume() {
        List<HttpServerRequest> dropped;
        synchronized (this) {
            hung = false;
            dropped = new ArrayList<>(parked);
            parked.clear();
        }
        dropped.forEach(r -> r.connection().close());
    }

    /** Whether requests are left unanswered. */
    synchronized boolean hung() {
        return hung;
    }

    private void handle(HttpServerRequest request) {
        synchronized (this) {
            if (hung) {
                request.pause();
                parked.add(request);
                return;
            }
        }
        if (podLogs.handle(request)) {
            return; // pods/log, served from the local kubelet's containers
        }
        if (request.method() == io.vertx.core.http.HttpMethod.GET && request.getHeader("Upgrade") == null
                && isWatch(request.getParam("watch"))) {
            streamWatch(request, dispatcher);
            return;
        }
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

    private static boolean isWatch(String value) {
        return "true".equals(value) || "1".equals(value);
    }

    private static void streamWatch(HttpServerRequest request, Dispatcher dispatcher) {
        RecordedRequest recorded = recorded(request, null);
        MockResponse response = dispatcher.dispatch(recorded);
        io.fabric8.mockwebserver.http.WebSocketListener listener = response.getWebSocketListener();
        if (listener == null) {
            send(request.response(), response);
            return;
        }
        HttpServerResponse out = request.response();
        out.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Transfer-Encoding", "chunked");
        ChunkedWatch socket = new ChunkedWatch(recorded, out, listener);
        out.closeHandler(v -> socket.clientGone());
        String timeout = request.getParam("timeoutSeconds");
        if (timeout != null && timeout.matches("\\d{1,9}")) {
            io.vertx.core.Vertx.currentContext().owner().setTimer(Math.max(1, Long.parseLong(timeout)) * 1000,
                    id -> socket.close(1000, "timeout"));
        }
        listener.onOpen(socket, response);
    }

    /** A watch written to a chunked HTTP response: one JSON event per line, ended by either side. */
    private static final class ChunkedWatch implements io.fabric8.mockwebserver.http.WebSocket {
        private final RecordedRequest request;
        private final HttpServerResponse out;
        private final io.fabric8.mockwebserver.http.WebSocketListener listener;
        private boolean ended;

        ChunkedWatch(RecordedRequest request, HttpServerResponse out,
                     io.fabric8.mockwebserver.http.WebSocketListener listener) {
            this.request = request;
            this.out = out;
            this.listener = listener;
        }

        @Override
        public RecordedRequest request() {
            return request;
        }

        @Override
        public synchronized boolean send(String text) {
            if (ended) {
                return false;
            }
            out.write(text + "\n");
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }

        /** The server ends the watch (the store failed it, or its timeout passed): the response ends. */
        @Override
        public boolean close(int code, String reason) {
            synchronized (this) {
                if (ended) {
                    return false;
                }
                ended = true;
                out.end();
            }
            listener.onClosed(this, code, reason);
            return true;
        }

        /** The client closed the connection: the store stops offering this watch changes. */
        void clientGone() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            listener.onClosed(this, 1000, "client closed the watch");
        }
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
