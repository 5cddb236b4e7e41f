package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkgate.api.Json;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An object store that answers what clients and controllers need of kube-apiserver — create, get, update (with the
 * status subresource), delete, delete-collection, list and watch with label and {@code metadata.name} /
 * {@code metadata.namespace} field selectors, and the discovery document of CRD group versions — from hash maps by
 * kind, namespace and name, as kube-apiserver reads etcd by key and serves lists and watches from its watch cache.
 * Every request costs a hash lookup, where fabric8's CRUD mock scans every stored object (O(n) per request, O(n²)
 * for a run). It is the store of {@link ApiEmulation} and, behind fabric8's mock HTTP server, of the benchmarks.
 *
 * <p>What it keeps of kube-apiserver: one revision counter for all writes (resourceVersion); uid,
 * creationTimestamp and generation ({@link ObjectMetadata}); 409 AlreadyExists on create and 409 Conflict on an
 * update with a stale resourceVersion; no new revision for an update that changes nothing; a status subresource for
 * the built-in kinds that have one and every CRD version that declares one (an update of the object keeps the stored
 * status, an update of {@code /status} changes only the status); finalizers (a delete marks, the update removing the
 * last finalizer deletes); lists consistent with the watch that follows them: a watch from a list's resourceVersion
 * replays every change since from a bounded history and gets 410 Expired once that is gone ("too old resource
 * version") or from a revision the store never reached ("too large resource version": the client holds state of a
 * lost or restored etcd), so the client lists again; an object that stops matching a watch's selectors is DELETED
 * for it; BOOKMARK events ({@link #bookmark}) to watches that allow them; paged lists ({@code limit},
 * {@code continue}); {@link #snapshot} and {@link #restore}, as
 * etcd backs up and restores. What it does not do: watch-list streaming ({@code sendInitialEvents}, which fabric8
 * 7.8 uses only when {@code Config.watchList} is set and sparkgate does not set), admission,
 * validation, defaulting, patches (the emulation turns them into updates first), field selectors beyond name and namespace, garbage collection, dry runs of writes.
 * {@link #requests()} counts requests by verb and resource.
 */
public final class IndexedStore extends Dispatcher {
    private static final int HISTORY = 100_000;

    private final Clock clock;
    private final Random random;
    private final WatchCache watchCache;
    private final ApiDiscovery discovery = new ApiDiscovery();
    private final ServerDocuments documents = new ServerDocuments(discovery);
    /** kind key → namespace (empty when cluster-scoped) → name → object. */
    private final Map<String, Map<String, Map<String, StoredObject>>> kinds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    /** Guards the revision, every write to the maps and the watch cache: watches see writes in order. */
    private final Object writes = new Object();
    private long revision;

    /** A store on the system clock with random uids. */
    public IndexedStore() {
        this(Clock.systemUTC(), new Random());
    }

    /** A store whose creationTimestamps come from the clock and uids and generated names from the random source. */
    public IndexedStore(Clock clock, Random random) {
        this(clock, random, HISTORY);
    }

    /** A store that replays at most {@code historyLimit} changes to a watch that starts from a past revision. */
    IndexedStore(Clock clock, Random random, int historyLimit) {
        this.clock = clock;
        this.random = random;
        this.watchCache = new WatchCache(historyLimit);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Optional<ResourcePath> parsed = ResourcePath.parse(request.getPath());
        if (parsed.isEmpty()) {
            MockResponse response = discovery(request.getPath(), request.getHeader("Host"));
            count(request.getMethod().toLowerCase(Locale.ROOT) + " discovery", response.code());
            return response;
        }
        ResourcePath path = parsed.get();
        Map<String, String> query = path.queryParameters();
        boolean watch = "true".equals(query.get("watch"));
        String verb = switch (request.getMethod()) {
            case "GET" -> watch ? "watch" : path.isObject() ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "DELETE" -> path.isObject() ? "delete" : "deletecollection";
            default -> request.getMethod().toLowerCase(Locale.ROOT);
        };
        MockResponse response;
        try {
            response = switch (verb) {
                case "get" -> get(path);
                case "list" -> query.containsKey("limit") || query.containsKey("continue")
                        ? page(path, selector(query), query.get("limit"), query.get("continue"))
                        : list(path, selector(query));
                case "watch" -> watch(path, selector(query), query);
                case "create" -> path.subresource() == null ? insert(path, parse(request.getUtf8Body()))
                        : Responses.status(405, "MethodNotAllowed", "create of a subresource is not served", List.of());
                case "update" -> replace(path, parse(request.getUtf8Body()));
                case "delete" -> delete(path);
                case "deletecollection" -> deleteCollection(path, selector(query));
                default -> Responses.status(405, "MethodNotAllowed",
                        request.getMethod() + " is not served by the indexed store", List.of());
            };
        } catch (IllegalArgumentException e) {
            response = Responses.status(400, "BadRequest", e.getMessage(), List.of());
        }
        return counted(verb, path, response);
    }

    /** The CRD serving a path's resource, empty for built-in kinds. */
    Optional<JsonNode> crd(ResourcePath path) {
        return discovery.crd(path.group(), path.resource());
    }

    /** Requests served so far, by verb, resource and (for errors) status code. */
    public Map<String, Long> requests() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    /** The number of stored objects. */
    public int size() {
        int size = 0;
        for (Map<String, Map<String, StoredObject>> namespaces : kinds.values()) {
            for (Map<String, StoredObject> objects : namespaces.values()) {
                size += objects.size();
            }
        }
        return size;
    }

    /** The stored object at a path (its subresource ignored), as a new tree the caller may change. */
    Optional<JsonNode> read(ResourcePath path) {
        StoredObject stored = find(path);
        return stored == null ? Optional.empty() : Optional.of(stored.tree());
    }

    /** The objects under a collection path (all namespaces when it names none), as new trees. */
    List<JsonNode> readAll(String collectionPath) {
        ResourcePath path = ResourcePath.parse(collectionPath).orElseThrow(
                () -> new IllegalArgumentException("not a resource path: " + collectionPath));
        List<JsonNode> items = new ArrayList<>();
        forEachInScope(ApiDiscovery.kind(path), path.namespace(), o -> items.add(o.tree()));
        return items;
    }

    /** Stores a new object under the path's kind and namespace: 201 with it, or a Status (409 if it exists). */
    MockResponse create(ResourcePath path, JsonNode body) {
        return counted("create", path, insert(path, body));
    }

    /** Replaces an object, or its status for a {@code /status} path: 200 with it, or a Status (404, 409). */
    MockResponse update(ResourcePath path, JsonNode body) {
        return counted("update", path, replace(path, body));
    }

    private MockResponse insert(ResourcePath path, JsonNode body) {
        if (!(body instanceof ObjectNode sent)) {
            return Responses.status(400, "BadRequest", "the object to create is not a JSON object", List.of());
        }
        ObjectNode object = ObjectMetadata.created(sent, path.namespace(), newUid(), now(), random);
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            return Responses.status(422, "Invalid", object.path("kind").asText("object")
                    + " \"\" is invalid: metadata.name: Required value: name or generateName is required", List.of());
        }
        String kind = ApiDiscovery.kind(path);
        synchronized (writes) {
            Map<String, StoredObject> objects = objects(kind, path.namespace());
            if (objects.containsKey(name)) {
                return Responses.status(409, "AlreadyExists", path.resource() + " \"" + name + "\" already exists",
                        List.of());
            }
            StoredObject stored = StoredObject.of(object, ++revision);
            objects.put(name, stored);
            watchCache.publish(new StoreChange(kind, stored.version(), null, stored));
            if (ApiDiscovery.isCrd(kind)) {
                discovery.stored(object);
            }
            return Responses.json(201, stored.json());
        }
    }

    private MockResponse replace(ResourcePath path, JsonNode body) {
        String kind = ApiDiscovery.kind(path);
        boolean status = "status".equals(path.subresource());
        if (path.subresource() != null && !(status && discovery.hasStatus(kind))) {
            return Responses.status(404, "NotFound", "the server could not find the requested resource", List.of());
        }
        if (!(body instanceof ObjectNode sent)) {
            return Responses.status(400, "BadRequest", "the object to update is not a JSON object", List.of());
        }
        String sentName = sent.path("metadata").path("name").asText(path.name());
        if (!sentName.equals(path.name())) {
            return Responses.status(400, "BadRequest", "the name of the object (" + sentName
                    + ") does not match the name on the URL (" + path.name() + ")", List.of());
        }
        String sentVersion = sent.path("metadata").path("resourceVersion").asText("");
        synchronized (writes) {
            Map<String, StoredObject> objects = objects(kind, path.namespace());
            StoredObject old = objects.get(path.name());
            if (old == null) {
                return Responses.notFound(path);
            }
            if (!sentVersion.isEmpty() && !sentVersion.equals(Long.toString(old.version()))) {
                return Responses.status(409, "Conflict", "Operation cannot be fulfilled on " + path.resource() + " \""
                        + path.name() + "\": the object has been modified; please apply your changes to the latest "
                        + "version and try again", List.of());
            }
            ObjectNode oldTree = old.tree();
            ObjectNode next = status ? ObjectMetadata.statusUpdated(sent, oldTree.deepCopy())
                    : ObjectMetadata.updated(sent, oldTree, discovery.hasStatus(kind));
            if (ObjectMetadata.unchanged(next, oldTree)) {
                return Responses.json(200, old.json());
            }
            if (ObjectMetadata.terminating(next) && !ObjectMetadata.hasFinalizers(next)) {
                return remove(kind, objects, old);
            }
            StoredObject stored = StoredObject.of(next, ++revision);
            objects.put(path.name(), stored);
            watchCache.publish(new StoreChange(kind, stored.version(), old, stored));
            if (ApiDiscovery.isCrd(kind)) {
                discovery.stored(next);
            }
            return Responses.json(200, stored.json());
        }
    }

    private MockResponse get(ResourcePath path) {
        if (path.subresource() != null && !"status".equals(path.subresource())) {
            return Responses.status(404, "NotFound", "the server could not find the requested resource", List.of());
        }
        StoredObject stored = find(path);
        return stored == null ? Responses.notFound(path) : Responses.json(200, stored.json());
    }

    private MockResponse list(ResourcePath path, ListSelector selector) {
        List<String> items = new ArrayList<>();
        long version;
        // Under the write lock, so the list's resourceVersion is exactly the state it shows.
        synchronized (writes) {
            version = revision;
            forEachInScope(ApiDiscovery.kind(path), path.namespace(), o -> {
                if (selector.matches(o)) {
                    items.add(o.json());
                }
            });
        }
        return Responses.list(items, version);
    }

    /**
     * One page of a list, as kube-apiserver pages with {@code limit} and {@code continue}: objects in key order
     * (namespace, name), every page at the first page's resourceVersion. Later pages read the current state after
     * the last key served; what changed meanwhile reaches the client through the watch it starts from that
     * resourceVersion, or a 410 once the history no longer reaches back (as an expired continue token does).
     */
    private MockResponse page(ResourcePath path, ListSelector selector, String limitText, String token) {
        int limit = limitText == null ? Integer.MAX_VALUE : positive(limitText);
        long version;
        String after = "";
        if (token != null) {
            String[] parts = ContinueToken.decode(token);
            version = revisionOf(parts[0]);
            after = parts[1];
            if (version < watchCache.oldest()) {
                return Responses.status(410, "Expired", "The provided continue parameter is too old to display a "
                        + "consistent list result. You can start a new list without the continue parameter.",
                        List.of());
            }
        } else {
            version = -1;
        }
        java.util.TreeMap<String, StoredObject> matching = new java.util.TreeMap<>();
        long current;
        synchronized (writes) {
            current = revision;
            forEachInScope(ApiDiscovery.kind(path), path.namespace(), o -> {
                if (selector.matches(o)) {
                    matching.put(o.namespace() + "/" + o.name(), o);
                }
            });
        }
        List<String> items = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, StoredObject> e : matching.tailMap(after, false).entrySet()) {
            if (items.size() == limit) {
                break;
            }
            items.add(e.getValue().json());
            last = e.getKey();
        }
        boolean more = last != null && matching.higherKey(last) != null;
        long listed = version < 0 ? current : version;
        return Responses.list(items, listed, more ? ContinueToken.encode(listed, last) : null);
    }

    private static int positive(String limit) {
        try {
            int n = Integer.parseInt(limit);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be a positive integer, was " + limit);
    }

    /** The opaque continue token: the first page's revision and the last key served. */
    private static final class ContinueToken {
        static String encode(long revision, String lastKey) {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((revision + "\n" + lastKey)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static String[] decode(String token) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(token),
                        java.nio.charset.StandardCharsets.UTF_8).split("\n", 2);
                if (parts.length == 2) {
                    return parts;
                }
            } catch (IllegalArgumentException e) {
                // answered below
            }
            throw new IllegalArgumentException("invalid continue token: " + token);
        }
    }

    private MockResponse watch(ResourcePath path, ListSelector selector, Map<String, String> query) {
        String kind = ApiDiscovery.kind(path);
        String from = query.getOrDefault("resourceVersion", "");
        // fabric8 refuses a BOOKMARK without a kind: a watch of a kind the store cannot name gets none.
        String bookmarks = "true".equals(query.get("allowWatchBookmarks")) ? discovery.kindName(kind)
                .map(k -> "\"apiVersion\":" + Json.write(path.apiVersion()) + ",\"kind\":" + Json.write(k))
                .orElse(null) : null;
        StoreWatch watch = new StoreWatch(kind, path.namespace(),
                path.isObject() ? selector.withName(path.name()) : selector, watchCache::remove, bookmarks);
        synchronized (writes) {
            if (from.isEmpty() || from.equals("0")) {
                // No starting point: the current state as ADDED events, then every change.
                forEachInScope(kind, path.namespace(), watch::offerCurrent);
                watchCache.add(watch);
            } else {
                long since = revisionOf(from);
                if (since > revision) {
                    // A revision this store never reached: the client holds state of another (lost or restored)
                    // etcd. kube-apiserver refuses it ("too large resource version"); 410 makes the client list.
                    watch.fail(Responses.statusJson(410, "Expired", "too large resource version: " + since
                            + ", current: " + revision));
                } else if (!watchCache.addFrom(watch, since)) {
                    // As kube-apiserver once its watch cache no longer reaches back: the client lists again.
                    watch.fail(Responses.statusJson(410, "Expired", "too old resource version: " + since + " ("
                            + watchCache.oldest() + ")"));
                }
            }
        }
        return new MockResponse().withWebSocketUpgrade(watch);
    }

    /**
     * Sends every watch that asked for bookmarks a BOOKMARK at the current revision, as kube-apiserver does about
     * once a minute, so that an idle watch resumes from a recent revision after a reconnect.
     */
    public void bookmark() {
        synchronized (writes) {
            watchCache.bookmark(revision);
        }
    }

    /** A copy of everything stored and the revision, to {@link #restore} later (an etcd backup). */
    public Snapshot snapshot() {
        synchronized (writes) {
            List<Map.Entry<String, StoredObject>> objects = new ArrayList<>();
            kinds.forEach((kind, namespaces) -> namespaces.values()
                    .forEach(byName -> byName.values().forEach(o -> objects.add(Map.entry(kind, o)))));
            return new Snapshot(List.copyOf(objects), revision);
        }
    }

    /**
     * Replaces everything stored with a snapshot, as an API server restarted on a restored (or, with
     * {@link Snapshot#EMPTY}, a wiped) etcd: open watches end, the watch history is gone, and a watch can start only
     * from the restored revision on. {@code keepRevisions} keeps the snapshot's resourceVersions and revision (an
     * etcd snapshot restore); otherwise objects are renumbered from 1 in their order of writing (their data
     * re-created in a new etcd), so clients hold resourceVersions the store is yet to reach.
     */
    public void restore(Snapshot snapshot, boolean keepRevisions) {
        synchronized (writes) {
            kinds.clear();
            discovery.clear();
            long restored = keepRevisions ? snapshot.revision() : 0;
            List<Map.Entry<String, StoredObject>> ordered = new ArrayList<>(snapshot.objects());
            ordered.sort(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(StoredObject::version)));
            for (Map.Entry<String, StoredObject> entry : ordered) {
                StoredObject object = keepRevisions ? entry.getValue()
                        : StoredObject.of(entry.getValue().tree(), ++restored);
                objects(entry.getKey(), object.namespace()).put(object.name(), object);
                if (ApiDiscovery.isCrd(entry.getKey())) {
                    discovery.stored(object.tree());
                }
            }
            revision = restored;
            watchCache.restart(revision);
        }
    }

    /** The current revision (the resourceVersion of the latest write). */
    public long revision() {
        synchronized (writes) {
            return revision;
        }
    }

    /** What a store held at one revision: opaque, and immutable like the objects in it. */
    public static final class Snapshot {
        /** No objects at revision 0: a wiped etcd. */
        public static final Snapshot EMPTY = new Snapshot(List.of(), 0);

        private final List<Map.Entry<String, StoredObject>> objects;
        private final long revision;

        private Snapshot(List<Map.Entry<String, StoredObject>> objects, long revision) {
            this.objects = objects;
            this.revision = revision;
        }

        List<Map.Entry<String, StoredObject>> objects() {
            return objects;
        }

        /** The revision of the last write it shows. */
        public long revision() {
            return revision;
        }

        /** The number of objects in it. */
        public int size() {
            return objects.size();
        }
    }

    private MockResponse delete(ResourcePath path) {
        String kind = ApiDiscovery.kind(path);
        synchronized (writes) {
            Map<String, StoredObject> objects = objects(kind, path.namespace());
            StoredObject old = objects.get(path.name());
            return old == null ? Responses.notFound(path) : deleteLocked(kind, objects, old);
        }
    }

    private MockResponse deleteCollection(ResourcePath path, ListSelector selector) {
        String kind = ApiDiscovery.kind(path);
        List<String> items = new ArrayList<>();
        synchronized (writes) {
            List<StoredObject> matching = new ArrayList<>();
            forEachInScope(kind, path.namespace(), o -> {
                if (selector.matches(o)) {
                    matching.add(o);
                }
            });
            for (StoredObject old : matching) {
                deleteLocked(kind, objects(kind, old.namespace().isEmpty() ? null : old.namespace()), old);
                items.add(old.json());
            }
            return Responses.list(items, revision);
        }
    }

    // An object with finalizers is only marked (202, as kube-apiserver answers a deferred delete); others go.
    private MockResponse deleteLocked(String kind, Map<String, StoredObject> objects, StoredObject old) {
        if (old.mayHaveFinalizers()) {
            ObjectNode tree = old.tree();
            if (ObjectMetadata.hasFinalizers(tree)) {
                if (ObjectMetadata.terminating(tree)) {
                    return Responses.json(202, old.json());
                }
                ObjectMetadata.markDeleted(tree, now());
                StoredObject marked = StoredObject.of(tree, ++revision);
                objects.put(marked.name(), marked);
                watchCache.publish(new StoreChange(kind, marked.version(), old, marked));
                return Responses.json(202, marked.json());
            }
        }
        return remove(kind, objects, old);
    }

    private MockResponse remove(String kind, Map<String, StoredObject> objects, StoredObject old) {
        objects.remove(old.name());
        watchCache.publish(new StoreChange(kind, ++revision, old, null));
        if (ApiDiscovery.isCrd(kind)) {
            discovery.removed(old.tree());
        }
        collectDependents(old);
        return Responses.json(200, old.json());
    }

    /**
     * The garbage collector's part, as kube-controller-manager plays it for a background-propagation delete: the
     * objects whose ownerReferences name the deleted one (an app's driver pod, its ConfigMap and Service; a
     * driver's executor pods) are deleted too, and theirs in turn. Dependents live in the owner's namespace (or
     * are cluster-scoped); a cheap text match on the uid comes before the tree is read.
     */
    private void collectDependents(StoredObject owner) {
        String uid = owner.tree().path("metadata").path("uid").asText("");
        if (uid.isEmpty()) {
            return;
        }
        record Dependent(String kind, Map<String, StoredObject> objects, StoredObject object) {
        }
        List<Dependent> dependents = new ArrayList<>();
        kinds.forEach((kind, namespaces) -> {
            for (String ns : owner.namespace().isEmpty() ? List.of("") : List.of(owner.namespace(), "")) {
                Map<String, StoredObject> objects = namespaces.get(ns);
                if (objects == null) {
                    continue;
                }
                for (StoredObject o : objects.values()) {
                    if (o.json().contains(uid) && ownedBy(o, uid)) {
                        dependents.add(new Dependent(kind, objects, o));
                    }
                }
            }
        });
        for (Dependent d : dependents) {
            if (d.objects().get(d.object().name()) == d.object()) {
                deleteLocked(d.kind(), d.objects(), d.object());
            }
        }
    }

    private static boolean ownedBy(StoredObject object, String uid) {
        for (JsonNode ref : object.tree().path("metadata").path("ownerReferences")) {
            if (uid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    private MockResponse discovery(String uri, String host) {
        String path = uri.split("\\?", 2)[0];
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String resources = parts.length == 3 && parts[0].equals("apis") ? discovery.resources(parts[1], parts[2])
                : null;
        if (resources == null) {
            resources = documents.at(path, host == null ? "127.0.0.1" : host).orElse(null);
        }
        return resources == null
                ? Responses.status(404, "NotFound", "the server could not find the requested resource", List.of())
                : Responses.json(200, resources);
    }

    // A read: unlike objects(), creates no maps for kinds and namespaces that hold nothing.
    private StoredObject find(ResourcePath path) {
        return kinds.getOrDefault(ApiDiscovery.kind(path), Map.of())
                .getOrDefault(path.namespace() == null ? "" : path.namespace(), Map.of()).get(path.name());
    }

    private Map<String, StoredObject> objects(String kind, String namespace) {
        return kinds.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(namespace == null ? "" : namespace, n -> new ConcurrentHashMap<>());
    }

    private void forEachInScope(String kind, String namespace, Consumer<StoredObject> action) {
        Map<String, Map<String, StoredObject>> namespaces = kinds.getOrDefault(kind, Map.of());
        if (namespace != null) {
            namespaces.getOrDefault(namespace, Map.of()).values().forEach(action);
        } else {
            namespaces.values().forEach(objects -> objects.values().forEach(action));
        }
    }

    private String newUid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private MockResponse counted(String verb, ResourcePath path, MockResponse response) {
        count(verb + " " + path.resource() + (path.subresource() == null ? "" : "/" + path.subresource()),
                response.code());
        return response;
    }

    private void count(String key, int code) {
        requests.computeIfAbsent(code >= 400 ? key + " -> " + code : key, k -> new LongAdder()).increment();
    }

    private static ListSelector selector(Map<String, String> query) {
        return ListSelector.parse(query.get("labelSelector"), query.get("fieldSelector"));
    }

    private static long revisionOf(String resourceVersion) {
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid resource version: " + resourceVersion, e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

}
