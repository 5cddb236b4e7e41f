package io.sparkgate.bench.launcher;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps fabric8's CRUD mock so Spark 4 can submit to it: Spark creates its ConfigMap and Service by server-side
 * apply, which the CRUD mock answers with 404/415; an apply to a missing object is turned into a create. Every
 * object created is recorded as sent, which is how golden fixtures are captured.
 */
public final class ApplyAsCreateDispatcher extends Dispatcher {
    private final Dispatcher crud;
    private final List<String> created = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    /** Wraps the given CRUD dispatcher. */
    public ApplyAsCreateDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        if ("PATCH".equals(request.getMethod()) && contentType.contains("apply-patch")) {
            String path = request.getPath().split("\\?", 2)[0];
            String collection = path.substring(0, path.lastIndexOf('/'));
            String body = request.getUtf8Body();
            RecordedRequest create = new RecordedRequest("POST " + collection + " HTTP/1.1", HttpMethod.POST,
                    collection, Headers.builder().add("Content-Type", "application/json").build(),
                    new Buffer(body.getBytes(StandardCharsets.UTF_8)));
            record(body);
            return crud.dispatch(create);
        }
        if ("POST".equals(request.getMethod())) {
            // Reading the body consumes it: hand the CRUD mock a copy.
            String body = request.getUtf8Body();
            record(body);
            return crud.dispatch(new RecordedRequest(request.getRequestLine(), HttpMethod.POST, request.getPath(),
                    request.getHeaders(), new Buffer(body.getBytes(StandardCharsets.UTF_8))));
        }
        return crud.dispatch(request);
    }

    private void record(String body) {
        if (recording) {
            created.add(body);
        }
    }

    /** Starts recording created objects, forgetting earlier ones. */
    public void startRecording() {
        created.clear();
        recording = true;
    }

    /** Stops recording and returns the bodies of the objects created since {@link #startRecording()}. */
    public List<String> stopRecording() {
        recording = false;
        return List.copyOf(created);
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }
}
