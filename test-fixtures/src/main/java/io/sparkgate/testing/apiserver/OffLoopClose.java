package io.sparkgate.testing.apiserver;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.WorkerExecutor;

/**
 * A watch's WebSocket listener whose close and failure callbacks run on the worker pool instead of the event loop.
 * fabric8's {@code WatchEventsListener.onClosed} waits for its event executor to terminate; on the event loop that
 * stalls every connection of the loop for as long as the executor drains (seconds, when a webhook restart closes
 * watches while thousands of pod events are queued), and the whole API server with it.
 */
final class OffLoopClose extends WebSocketListener {
    private final WebSocketListener delegate;
    private final WorkerExecutor workers;

    OffLoopClose(WebSocketListener delegate, WorkerExecutor workers) {
        this.delegate = delegate;
        this.workers = workers;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        offLoop(() -> delegate.onClosing(webSocket, code, reason));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        offLoop(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        offLoop(() -> delegate.onFailure(webSocket, t, response));
    }

    private void offLoop(Runnable callback) {
        workers.executeBlocking(() -> {
            callback.run();
            return null;
        }, false);
    }
}
