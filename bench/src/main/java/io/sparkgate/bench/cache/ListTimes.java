package io.sparkgate.bench.cache;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A dispatcher in front of the store that notes, per resource, when the last paged list request (an informer's
 * initial list: a GET with {@code limit=} and without {@code watch=}) was answered, on the wall clock so that another
 * process can compare it with its own times (the soak's readiness split, issue 20).
 */
final class ListTimes extends Dispatcher {
    private final Dispatcher store;
    private final Map<String, Long> lastList = new ConcurrentHashMap<>();

    ListTimes(Dispatcher store) {
        this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = store.dispatch(request);
        String path = request.getPath();
        int query = path.indexOf('?');
        if ("GET".equals(request.getMethod()) && query > 0 && path.indexOf("limit=", query) > 0
                && path.indexOf("watch=", query) < 0) {
            String resource = path.substring(path.lastIndexOf('/', query) + 1, query);
            lastList.put(resource, System.currentTimeMillis());
        }
        return response;
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    @Override
    public void releaseResources() {
        store.releaseResources();
    }

    /** Forgets the lists seen so far. */
    void mark() {
        lastList.clear();
    }

    /** {@code resource=epochMillis} for each resource listed since the mark. */
    String report() {
        return new TreeMap<>(lastList).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
