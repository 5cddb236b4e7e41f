package io.sparkgate.bench.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.sparkgate.api.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * An object store behind fabric8's mock HTTP server that answers what a controller needs from kube-apiserver —
 * create, get, update (with the status subresource), delete, delete-collection, list and watch with label
 * selectors — from hash maps keyed by kind and object, as kube-apiserver reads etcd by key and serves lists and
 * watches from its watch cache. It stands in for fabric8's CRUD mock, whose every request scans all stored objects
 * (O(n) per request, so O(n²) for a run).
 *
 * <p>What it keeps of kube-apiserver: one revision counter for all writes (resourceVersion), uid,
 * creationTimestamp and generation; 409 AlreadyExists on create and 409 Conflict on an update whose
 * resourceVersion is stale; a status subresource for pods, Services and every CRD that declares one (an update of
 * the main resource keeps the stored status, an update of {@code /status} changes only the status); lists
 * consistent with the watch that follows them: a watch from a list's resourceVersion replays every change since,
 * from a bounded history, and gets 410 Expired once that is gone (the client then lists again). What it does not
 * do: admission, validation, defaulting, field selectors other than {@code metadata.name}/{@code
 * metadata.namespace}, finalizers, owner-reference garbage collection, patches (counted as unsupported), paging
 * (a list returns everything). {@link #requests()} counts requests by verb and resource, so a benchmark can show
 * how many calls each unit of work made and that none went unanswered.
 */
public final class IndexedStore extends io.fabric8.mockwebserver.http.Dispatcher {
    private static final int HISTORY = 100_000;
    private static final Set<String> BUILT_IN_STATUS = Set.of("api/v1/pods", "api/v1/services", "api/v1/namespaces");

    /** kind key ({@code api/v1/pods}, {@code apis/group/version/plural}) → ({@code namespace/name} → object). */
    private final Map<String, Map<String, Stored>> kinds = new ConcurrentHashMap<>();
    private final Set<String> statusSubresource = ConcurrentHashMap.newKeySet();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    /** Guards the revision counter, the maps' writes, the history and the fan-out, so watchers see writes in order. */
    private final Object writes = new Object();
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private long revision;

    private record Stored(String json, ObjectNode tree, long version, String namespace, Map<String, String> labels) {
    }

    private record Change(String kind, String type, Stored object) {
    }

    /** A parsed request path. {@code name} null for a collection; {@code namespace} null for all or none. */
    private record Target(String kind, String namespace, String name, String subresource) {
        String key() {
            return (namespace == null ? "" : namespace) + "/" + name;
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String[] pathAndQuery = request.getPath().split("\\?", 2);
        Map<String, String> query = query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
        Target t = target(pathAndQuery[0]);
        boolean watch = "true".equals(query.get("watch"));
        String verb = t == null ? request.getMethod() : switch (request.getMethod()) {
            case "GET" -> t.name() != null ? "get" : watch ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "DELETE" -> t.name() != null ? "delete" : "deletecollection";
            default -> request.getMethod().toLowerCase(java.util.Locale.ROOT);
        };
        String resource = t == null ? "unknown-path" : t.kind().substring(t.kind().lastIndexOf('/') + 1)
                + (t.subresource() == null ? "" : "/" + t.subresource());
        MockResponse response = t == null ? status(404, "NotFound", "no such path " + pathAndQuery[0])
                : handle(request, t, verb, query);
        count(verb + " " + resource + (response.code() >= 400 ? " -> " + response.code() : ""));
        return response;
    }

    /** Requests served so far, by verb, resource and (for errors) status code. */
    public Map<String, Long> requests() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    /** The number of stored objects. */
    public int size() {
        return kinds.values().stream().mapToInt(Map::size).sum();
    }

    private MockResponse handle(RecordedRequest request, Target t, String verb, Map<String, String> query) {
        return switch (verb) {
            case "get" -> found(objects(t.kind()).get(t.key()), t.name());
            case "list" -> list(t, query);
            case "watch" -> watch(t, query);
            case "create" -> t.subresource() == null ? create(t, request.getUtf8Body())
                    : status(405, "MethodNotAllowed", "create of a subresource is not served");
            case "update" -> update(t, request.getUtf8Body());
            case "delete" -> delete(t);
            case "deletecollection" -> deleteCollection(t, query);
            default -> status(405, "MethodNotAllowed", request.getMethod() + " is not served by the indexed store");
        };
    }

    private Map<String, Stored> objects(String kind) {
        return kinds.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
    }

    private MockResponse create(Target t, String body) {
        ObjectNode object;
        try {
            object = parse(body);
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        ObjectNode metadata = object.with("metadata");
        if (!metadata.path("name").isTextual() && metadata.path("generateName").isTextual()) {
            metadata.put("name", metadata.get("generateName").asText()
                    + UUID.randomUUID().toString().substring(0, 5));
        }
        if (!metadata.path("name").isTextual()) {
            return status(422, "Invalid", "metadata.name: Required value");
        }
        String name = metadata.get("name").asText();
        if (t.namespace() != null) {
            metadata.put("namespace", t.namespace());
        }
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("generation", 1);
        metadata.remove("resourceVersion");
        Target target = new Target(t.kind(), t.namespace(), name, null);
        synchronized (writes) {
            Map<String, Stored> objects = objects(t.kind());
            if (objects.containsKey(target.key())) {
                return status(409, "AlreadyExists", "\"" + name + "\" already exists");
            }
            Stored stored = store(target, object);
            objects.put(target.key(), stored);
            publish(new Change(t.kind(), "ADDED", stored));
            if (t.kind().endsWith("/customresourcedefinitions")) {
                registerCrd(object);
            }
            return json(201, stored.json());
        }
    }

    private MockResponse update(Target t, String body) {
        ObjectNode object;
        try {
            object = parse(body);
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        if (t.subresource() != null && !"status".equals(t.subresource())) {
            return status(405, "MethodNotAllowed", "subresource " + t.subresource() + " is not served");
        }
        String sent = object.path("metadata").path("resourceVersion").asText("");
        synchronized (writes) {
            Map<String, Stored> objects = objects(t.kind());
            Stored old = objects.get(t.key());
            if (old == null) {
                return status(404, "NotFound", t.name() + " not found");
            }
            if (!sent.isEmpty() && !sent.equals(Long.toString(old.version()))) {
                return status(409, "Conflict", "Operation cannot be fulfilled on " + t.name()
                        + ": the object has been modified; please apply your changes to the latest version and "
                        + "try again");
            }
            ObjectNode next;
            if ("status".equals(t.subresource())) {
                next = old.tree().deepCopy();
                next.set("status", object.get("status"));
            } else {
                next = object;
                ObjectNode meta = next.with("metadata");
                JsonNode oldMeta = old.tree().get("metadata");
                for (String kept : List.of("uid", "creationTimestamp", "namespace", "name")) {
                    if (oldMeta.has(kept)) {
                        meta.set(kept, oldMeta.get(kept));
                    }
                }
                long generation = oldMeta.path("generation").asLong(1);
                meta.put("generation", java.util.Objects.equals(old.tree().get("spec"), next.get("spec"))
                        ? generation : generation + 1);
                if (hasStatusSubresource(t.kind())) {
                    next.set("status", old.tree().get("status"));
                }
            }
            if (next.get("status") == null || next.get("status").isNull()) {
                next.remove("status");
            }
            Stored stored = store(t, next);
            objects.put(t.key(), stored);
            publish(new Change(t.kind(), "MODIFIED", stored));
            return json(200, stored.json());
        }
    }

    private MockResponse delete(Target t) {
        synchronized (writes) {
            Stored old = objects(t.kind()).remove(t.key());
            if (old == null) {
                return status(404, "NotFound", t.name() + " not found");
            }
            publish(new Change(t.kind(), "DELETED", deleted(old)));
            return json(200, old.json());
        }
    }

    private MockResponse deleteCollection(Target t, Map<String, String> query) {
        Selector selector = Selector.parse(query.get("labelSelector"), query.get("fieldSelector"));
        List<String> items = new ArrayList<>();
        synchronized (writes) {
            Iterator<Map.Entry<String, Stored>> it = objects(t.kind()).entrySet().iterator();
            while (it.hasNext()) {
                Stored s = it.next().getValue();
                if (inScope(t, s) && selector.matches(s)) {
                    it.remove();
                    items.add(s.json());
                    publish(new Change(t.kind(), "DELETED", deleted(s)));
                }
            }
            return json(200, listBody(items, revision));
        }
    }

    private MockResponse list(Target t, Map<String, String> query) {
        Selector selector;
        try {
            selector = Selector.parse(query.get("labelSelector"), query.get("fieldSelector"));
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        List<String> items = new ArrayList<>();
        long version;
        // Under the write lock, so the list's resourceVersion is exactly the state it shows.
        synchronized (writes) {
            version = revision;
            for (Stored s : objects(t.kind()).values()) {
                if (inScope(t, s) && selector.matches(s)) {
                    items.add(s.json());
                }
            }
        }
        return json(200, listBody(items, version));
    }

    private MockResponse watch(Target t, Map<String, String> query) {
        Selector selector;
        try {
            selector = Selector.parse(query.get("labelSelector"), query.get("fieldSelector"));
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        Watch w = new Watch(t, selector);
        String from = query.getOrDefault("resourceVersion", "");
        synchronized (writes) {
            if (from.isEmpty() || "0".equals(from)) {
                // No starting point: the current state as ADDED events, then every change.
                for (Stored s : objects(t.kind()).values()) {
                    w.offer(t.kind(), "ADDED", s);
                }
            } else {
                long since = Long.parseLong(from);
                long oldest = history.isEmpty() ? revision + 1 : history.peekFirst().object().version();
                if (since < oldest - 1 && since < revision) {
                    // Like kube-apiserver once etcd compacted: the client has to list again.
                    w.expire(since);
                    return new MockResponse().withWebSocketUpgrade(w);
                } else {
                    for (Change c : history) {
                        if (c.object().version() > since) {
                            w.offer(c.kind(), c.type(), c.object());
                        }
                    }
                }
            }
            watches.add(w);
        }
        return new MockResponse().withWebSocketUpgrade(w);
    }

    private boolean inScope(Target t, Stored s) {
        return t.namespace() == null || t.namespace().equals(s.namespace());
    }

    private Stored store(Target t, ObjectNode object) {
        long version = ++revision;
        object.with("metadata").put("resourceVersion", Long.toString(version));
        Map<String, String> labels = new HashMap<>();
        object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
                e.getValue().asText()));
        return new Stored(Json.write(object), object, version, t.namespace(), labels);
    }

    /** A deleted object as its DELETED event carries it: with the revision of the deletion. */
    private Stored deleted(Stored old) {
        ObjectNode tree = old.tree().deepCopy();
        long version = ++revision;
        tree.with("metadata").put("resourceVersion", Long.toString(version));
        return new Stored(Json.write(tree), tree, version, old.namespace(), old.labels());
    }

    private void publish(Change change) {
        history.addLast(change);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        for (Watch w : watches) {
            w.offer(change.kind(), change.type(), change.object());
        }
    }

    private void registerCrd(ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        for (JsonNode version : spec.path("versions")) {
            if (version.path("subresources").has("status")) {
                statusSubresource.add("apis/" + spec.path("group").asText() + "/" + version.path("name").asText()
                        + "/" + spec.path("names").path("plural").asText());
            }
        }
    }

    private boolean hasStatusSubresource(String kind) {
        return BUILT_IN_STATUS.contains(kind) || statusSubresource.contains(kind);
    }

    private void count(String key) {
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /**
     * {@code /api/v1/...} or {@code /apis/group/version/...}, then {@code namespaces/ns/plural[/name[/sub]]},
     * {@code plural[/name[/sub]]} (cluster-scoped, or a collection across all namespaces) or a namespace itself.
     */
    private static Target target(String path) {
        String[] s = path.replaceAll("^/+|/+$", "").split("/");
        int base = s.length >= 2 && s[0].equals("api") ? 2 : s.length >= 3 && s[0].equals("apis") ? 3 : -1;
        if (base < 0 || s.length <= base) {
            return null;
        }
        String prefix = String.join("/", java.util.Arrays.copyOfRange(s, 0, base));
        int n = s.length - base;
        if (s[base].equals("namespaces") && n >= 3) {
            return new Target(prefix + "/" + s[base + 2], s[base + 1], n >= 4 ? s[base + 3] : null,
                    n >= 5 ? s[base + 4] : null);
        }
        return new Target(prefix + "/" + s[base], null, n >= 2 ? s[base + 1] : null, n >= 3 ? s[base + 2] : null);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> params = new HashMap<>();
        for (String p : q.split("&")) {
            if (!p.isEmpty()) {
                String[] kv = p.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static ObjectNode parse(String body) {
        try {
            JsonNode parsed = Json.mapper().readTree(body);
            if (!(parsed instanceof ObjectNode o)) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    private static String listBody(List<String> items, long version) {
        StringBuilder sb = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"")
                .append(version).append("\"},\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(items.get(i));
        }
        return sb.append("]}").toString();
    }

    private static MockResponse found(Stored stored, String name) {
        return stored == null ? status(404, "NotFound", name + " not found") : json(200, stored.json());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static MockResponse status(int code, String reason, String message) {
        return json(code, statusBody(code, reason, message));
    }

    private static String statusBody(int code, String reason, String message) {
        ObjectNode status = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Status")
                .put("status", "Failure").put("reason", reason).put("message", message).put("code", code);
        status.putObject("metadata");
        return Json.write(status);
    }

    /** Label selector terms ({@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k}, {@code k in (a,b)},
     *  {@code k notin (a,b)}) and the {@code metadata.name}/{@code metadata.namespace} field selectors. */
    private record Selector(List<java.util.function.Predicate<Stored>> terms) {
        static Selector parse(String labels, String fields) {
            List<java.util.function.Predicate<Stored>> terms = new ArrayList<>();
            for (String term : split(labels)) {
                terms.add(labelTerm(term));
            }
            for (String term : split(fields)) {
                String[] kv = term.split("!=|==|=", 2);
                boolean negated = term.contains("!=");
                String value = kv.length > 1 ? kv[1] : "";
                java.util.function.Predicate<Stored> p = switch (kv[0]) {
                    case "metadata.name" -> s -> value.equals(s.tree().path("metadata").path("name").asText());
                    case "metadata.namespace" -> s -> value.equals(s.namespace());
                    default -> throw new IllegalArgumentException("field selector " + kv[0] + " is not served");
                };
                terms.add(negated ? p.negate() : p);
            }
            return new Selector(terms);
        }

        private static java.util.function.Predicate<Stored> labelTerm(String term) {
            var setTerm = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(term);
            if (setTerm.matches()) {
                Set<String> values = Set.of(setTerm.group(3).trim().split("\\s*,\\s*"));
                String key = setTerm.group(1);
                return setTerm.group(2).equals("in") ? s -> values.contains(s.labels().get(key))
                        : s -> !values.contains(s.labels().get(key));
            }
            if (term.startsWith("!")) {
                String key = term.substring(1);
                return s -> !s.labels().containsKey(key);
            }
            String[] kv = term.split("!=|==|=", 2);
            if (kv.length == 1) {
                return s -> s.labels().containsKey(kv[0]);
            }
            return term.contains("!=") ? s -> !kv[1].equals(s.labels().get(kv[0]))
                    : s -> kv[1].equals(s.labels().get(kv[0]));
        }

        /** Splits on commas outside parentheses. */
        private static List<String> split(String selector) {
            List<String> terms = new ArrayList<>();
            if (selector == null || selector.isBlank()) {
                return terms;
            }
            int depth = 0;
            int start = 0;
            for (int i = 0; i < selector.length(); i++) {
                char c = selector.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (c == ',' && depth == 0) {
                    terms.add(selector.substring(start, i).trim());
                    start = i + 1;
                }
            }
            terms.add(selector.substring(start).trim());
            return terms;
        }

        boolean matches(Stored s) {
            for (var t : terms) {
                if (!t.test(s)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One watch: events queue up until the WebSocket opens, then go out in the order they were written. */
    private final class Watch extends WebSocketListener {
        private final Target target;
        private final Selector selector;
        private final List<String> pending = new ArrayList<>();
        private WebSocket socket;
        private boolean closed;

        Watch(Target target, Selector selector) {
            this.target = target;
            this.selector = selector;
        }

        synchronized void offer(String kind, String type, Stored object) {
            if (closed || !kind.equals(target.kind()) || !inScope(target, object) || !selector.matches(object)) {
                return;
            }
            send("{\"type\":\"" + type + "\",\"object\":" + object.json() + "}");
        }

        synchronized void expire(long since) {
            send("{\"type\":\"ERROR\",\"object\":" + statusBody(410, "Expired", "too old resource version: "
                    + since + " (" + revision + ")") + "}");
            closed = true;
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

        private synchronized void end() {
            closed = true;
            watches.remove(this);
        }
    }
}
