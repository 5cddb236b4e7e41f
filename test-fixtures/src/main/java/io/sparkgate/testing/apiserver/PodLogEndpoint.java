package io.sparkgate.testing.apiserver;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@code pods/log} subresource as kube-apiserver serves it from the kubelet: plain text, with the
 * {@code container}, {@code tailLines} and {@code follow} parameters. Logs come from the {@link PodLogSource}
 * registered by whoever runs containers; without one, requests fall through to the store, which has no such
 * subresource.
 */
final class PodLogEndpoint {
    private static final long FOLLOW_POLL_MILLIS = 200;
    private static final int CHUNK = 64 * 1024;

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final Predicate<ResourcePath> podExists;
    private volatile PodLogSource source;

    /** @param podExists whether the pod a log path names is stored */
    PodLogEndpoint(Vertx vertx, WorkerExecutor workers, Predicate<ResourcePath> podExists) {
        this.vertx = vertx;
        this.workers = workers;
        this.podExists = podExists;
    }

    /** Serves logs from {@code logs} from now on (null stops serving them). */
    void source(PodLogSource logs) {
        this.source = logs;
    }

    /** Answers the request if it is a pods/log GET and a source is registered; false leaves it to the caller. */
    boolean handle(HttpServerRequest request) {
        PodLogSource logs = source;
        if (logs == null || request.method() != HttpMethod.GET) {
            return false;
        }
        Optional<ResourcePath> parsed = ResourcePath.parse(request.uri());
        if (parsed.isEmpty() || !isPodLog(parsed.get())) {
            return false;
        }
        ResourcePath path = parsed.get();
        Map<String, String> query = path.queryParameters();
        HttpServerResponse out = request.response();
        Integer tail;
        try {
            tail = query.containsKey("tailLines") ? Integer.valueOf(query.get("tailLines")) : null;
        } catch (NumberFormatException e) {
            fail(out, 400, "BadRequest", "tailLines must be a number, not \"" + query.get("tailLines") + "\"");
            return true;
        }
        Optional<PodLogSource.ContainerLog> log = logs.find(path.namespace(), path.name(), query.get("container"));
        if (log.isEmpty()) {
            workers.executeBlocking(() -> podExists.test(path), false).onComplete(exists -> {
                String container = query.get("container");
                if (exists.succeeded() && exists.result()) {
                    // As kube-apiserver answers for a container the kubelet has not started.
                    fail(out, 400, "BadRequest", "no log of " + (container == null ? "any container"
                            : "container \"" + container + "\"") + " of pod \"" + path.name()
                            + "\": it is waiting to start");
                } else {
                    fail(out, 404, "NotFound", "pods \"" + path.name() + "\" not found");
                }
            });
            return true;
        }
        boolean follow = "true".equals(query.get("follow"));
        out.setChunked(true).putHeader("Content-Type", "text/plain");
        workers.executeBlocking(() -> initial(log.get(), tail), false).onComplete(read -> {
            if (read.failed()) {
                out.end();
                return;
            }
            out.write(Buffer.buffer(read.result().bytes()));
            if (follow) {
                follow(out, log.get(), read.result().offset());
            } else {
                out.end();
            }
        });
        return true;
    }

    private static boolean isPodLog(ResourcePath path) {
        return path.group().isEmpty() && "pods".equals(path.resource()) && path.namespaced() && path.isObject()
                && "log".equals(path.subresource());
    }

    /** What was read so far and up to where. */
    private record Read(byte[] bytes, long offset) {
    }

    private static Read initial(PodLogSource.ContainerLog log, Integer tail) throws IOException {
        byte[] all = Files.exists(log.file()) ? Files.readAllBytes(log.file()) : new byte[0];
        byte[] shown = tail == null ? all
                : lastLines(new String(all, StandardCharsets.UTF_8), tail).getBytes(StandardCharsets.UTF_8);
        return new Read(shown, all.length);
    }

    private static String lastLines(String text, int count) {
        Deque<String> kept = new ArrayDeque<>();
        for (String line : text.split("(?<=\n)")) {
            if (line.isEmpty()) {
                continue;
            }
            kept.addLast(line);
            if (kept.size() > Math.max(0, count)) {
                kept.removeFirst();
            }
        }
        return String.join("", kept);
    }

    /** Streams what the container appends until it has stopped and everything is sent, or the client went away. */
    private void follow(HttpServerResponse out, PodLogSource.ContainerLog log, long from) {
        vertx.setTimer(FOLLOW_POLL_MILLIS, t -> {
            if (out.closed()) {
                return;
            }
            boolean wasRunning = log.running().getAsBoolean();
            workers.executeBlocking(() -> appended(log, from), false).onComplete(read -> {
                if (read.failed() || out.closed()) {
                    out.end();
                    return;
                }
                Read next = read.result();
                if (next.bytes().length > 0) {
                    out.write(Buffer.buffer(next.bytes()));
                }
                if (!wasRunning && next.offset() == from) {
                    out.end();
                } else {
                    follow(out, log, next.offset());
                }
            });
        });
    }

    private static Read appended(PodLogSource.ContainerLog log, long from) throws IOException {
        if (!Files.exists(log.file())) {
            return new Read(new byte[0], from);
        }
        try (RandomAccessFile file = new RandomAccessFile(log.file().toFile(), "r")) {
            long length = file.length();
            if (length <= from) {
                return new Read(new byte[0], from);
            }
            byte[] bytes = new byte[(int) Math.min(CHUNK, length - from)];
            file.seek(from);
            file.readFully(bytes);
            return new Read(bytes, from + bytes.length);
        }
    }

    private static void fail(HttpServerResponse out, int code, String reason, String message) {
        out.setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Responses.statusJson(code, reason, message));
    }
}
