package io.sparkgate.testing.apiserver;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One watch of {@link IndexedStore} over a WebSocket, as fabric8 clients open them: events queue until the socket
 * opens, then go out in revision order. Cheap to close (no executor to drain), so its callbacks may run on the
 * event loop.
 */
final class StoreWatch extends WebSocketListener {
    private final String kind;
    private final String namespace;
    private final ListSelector selector;
    private final Consumer<StoreWatch> onEnd;
    private final String bookmarkKind;
    private final List<String> pending = new ArrayList<>();
    private WebSocket socket;
    private boolean closed;

    /**
     * @param kind      the kind key watched
     * @param namespace the namespace watched, null for all
     * @param selector  label and field selectors
     * @param onEnd     told once the watch ends, to stop offering it changes
     * @param bookmarks the {@code apiVersion} and {@code kind} fields of this watch's BOOKMARK objects (e.g.
     *                  {@code "apiVersion":"v1","kind":"Pod"}), or null when it did not ask for bookmarks
     */
    StoreWatch(String kind, String namespace, ListSelector selector, Consumer<StoreWatch> onEnd, String bookmarks) {
        this.kind = kind;
        this.namespace = namespace;
        this.selector = selector;
        this.onEnd = onEnd;
        this.bookmarkKind = bookmarks;
    }

    /** Whether the watch sees the object at all: same namespace (unless it watches all) and matching selectors. */
    boolean sees(StoredObject object) {
        return (namespace == null || namespace.equals(object.namespace())) && selector.matches(object);
    }

    /** Sends the change's event, if the change concerns this watch. */
    synchronized void offer(StoreChange change) {
        if (!closed && change.kind().equals(kind)) {
            String event = change.eventFor(this::sees);
            if (event != null) {
                send(event);
            }
        }
    }

    /** Sends an object of the current state as ADDED (a watch without a starting revision). */
    synchronized void offerCurrent(StoredObject object) {
        if (!closed && sees(object)) {
            send(StoreChange.added(object));
        }
    }

    /**
     * Sends a BOOKMARK event at {@code revision} if the watch asked for them ({@code allowWatchBookmarks=true}): an
     * object of the watched kind carrying only the resourceVersion, so that the client resumes from there.
     */
    synchronized void bookmark(long revision) {
        if (!closed && bookmarkKind != null) {
            send("{\"type\":\"BOOKMARK\",\"object\":{" + bookmarkKind + ",\"metadata\":{\"resourceVersion\":\""
                    + revision + "\"}}}");
        }
    }

    /** Ends the watch from the server side, as a stopping API server closes its connections. */
    synchronized void shutDown() {
        closed = true;
        if (socket != null) {
            socket.close(1001, "the API server is shutting down");
        }
    }

    /** Sends an ERROR event with the Status and ends the watch (410 Expired: the client lists again). */
    synchronized void fail(String statusJson) {
        send("{\"type\":\"ERROR\",\"object\":" + statusJson + "}");
        closed = true;
        if (socket != null) {
            socket.close(1000, "");
        }
    }

    private void send(String message) {
        if (socket == null) {
            pending.add(message);
        } else {
            socket.send(message);
        }
    }

    @Override
    public synchronized void onOpen(WebSocket webSocket, Response response) {
        socket = webSocket;
        pending.forEach(webSocket::send);
        pending.clear();
        if (closed) {
            webSocket.close(1000, "");
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(code, reason);
        end();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        end();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        end();
    }

    private void end() {
        synchronized (this) {
            closed = true;
        }
        onEnd.accept(this);
    }
}
