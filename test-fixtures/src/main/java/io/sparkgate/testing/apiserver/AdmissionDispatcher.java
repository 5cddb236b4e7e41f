package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkgate.api.Json;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated API server's request path: reads, deletes and watches go straight to the store; creates and updates
 * (POST, PUT and PATCH, a server-side apply of a missing object being a create) are turned into the full object,
 * run through webhook admission and only then stored.
 */
final class AdmissionDispatcher extends Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionDispatcher.class);

    private final IndexedStore store;
    private final WebhookConfigurations configurations;
    private final AdmissionChain chain;
    private final ObjectNode defaultUser;
    private final Random random;
    private final AdmissionListener listener;
    private final TableView tables = new TableView(java.time.Clock.systemUTC());

    AdmissionDispatcher(IndexedStore store, WebhookConfigurations configurations, AdmissionChain chain,
                        ObjectNode defaultUser, Random random, AdmissionListener listener) {
        this.store = store;
        this.configurations = configurations;
        this.chain = chain;
        this.defaultUser = defaultUser;
        this.random = random;
        this.listener = listener;
    }

    /** A write made ready for admission: its attributes, the object as it would be stored, and where it goes. */
    private record PendingWrite(AdmissionRequest request, JsonNode object, boolean create, ResourcePath target) {
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return route(request);
        } catch (StatusException e) {
            return Responses.status(e.code(), e.reason(), e.getMessage(), List.of());
        } catch (RuntimeException e) {
            LOG.warn("emulated API server failed on {} {}", request.getMethod(), request.getPath(), e);
            return Responses.status(500, "InternalError", "Internal error occurred: " + e, List.of());
        }
    }

    private MockResponse route(RecordedRequest request) {
        String method = request.getMethod();
        Optional<ResourcePath> parsed = ResourcePath.parse(request.getPath());
        boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (parsed.isEmpty() || !write) {
            MockResponse response = store.dispatch(request);
            parsed.ifPresent(configurations::written);
            if (parsed.isPresent() && method.equals("GET") && (response.code() == 200
                    || response.getWebSocketListener() != null) && TableView.wanted(request.getHeader("Accept"))
                    && parsed.get().subresource() == null) {
                ResourcePath path = parsed.get();
                if (response.getWebSocketListener() != null) {
                    return new MockResponse().withWebSocketUpgrade(tables.watch(path.resource(), store.crd(path),
                            response.getWebSocketListener()));
                }
                response.setBody(tables.table(path.resource(), store.crd(path),
                        new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            }
            return response;
        }
        ResourcePath path = parsed.get();
        String body = request.getBody() == null ? "" : request.getUtf8Body();
        PendingWrite pending = switch (method) {
            case "POST" -> creating(request, path, ObjectPatcher.readBody(body, request.getHeader("Content-Type")));
            case "PUT" -> updating(request, path, ObjectPatcher.readBody(body, request.getHeader("Content-Type")));
            default -> patching(request, path, body);
        };
        List<String> unknownFields = decode(path, pending.object());
        MockResponse response = admitAndStore(pending);
        configurations.written(path);
        return unknownFields.isEmpty() ? response : Responses.withWarnings(response, unknownFields);
    }

    /**
     * Decodes a written custom resource as kube-apiserver does before admission: fields its CRD's structural
     * schema does not declare are pruned, and, by the request's {@code fieldValidation}, warned about ({@code Warn},
     * the default), refused ({@code Strict}: 400 naming them) or dropped silently ({@code Ignore}).
     *
     * @return the warnings to send back
     */
    private List<String> decode(ResourcePath path, JsonNode object) {
        Optional<JsonNode> crd = store.crd(path);
        if (crd.isEmpty() || path.subresource() != null || !(object instanceof ObjectNode o)) {
            return List.of();
        }
        String mode = path.queryParameters().getOrDefault("fieldValidation", "Warn");
        if (!mode.equals("Warn") && !mode.equals("Strict") && !mode.equals("Ignore")) {
            throw new StatusException(400, "BadRequest", "fieldValidation parameter unsupported: " + mode);
        }
        List<io.sparkgate.api.schema.StructuralSchema.UnknownField> unknown =
                io.sparkgate.api.schema.StructuralSchema.ofCrd(crd.get()).prune(o);
        if (unknown.isEmpty() || mode.equals("Ignore")) {
            return List.of();
        }
        if (mode.equals("Strict")) {
            String kind = crd.get().path("spec").path("names").path("kind").asText();
            throw new StatusException(400, "BadRequest", kind + " in version \"" + path.version()
                    + "\" cannot be handled as a " + kind + ": strict decoding error: " + String.join(", ",
                    unknown.stream().map(u -> "unknown field \"" + u.path() + "\"").toList()));
        }
        return unknown.stream().map(u -> "unknown field \"" + u.path() + "\"").toList();
    }

    private PendingWrite creating(RecordedRequest http, ResourcePath path, JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw new StatusException(400, "BadRequest", "the request body is not a JSON object");
        }
        ObjectNode metadata = object.withObjectProperty("metadata");
        // kube-apiserver fills the namespace from the path before admission; Spark's request bodies lack it.
        if (path.namespaced()) {
            String given = metadata.path("namespace").asText("");
            if (!given.isEmpty() && !given.equals(path.namespace())) {
                throw new StatusException(400, "BadRequest",
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata.put("namespace", path.namespace());
        }
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            String prefix = metadata.path("generateName").asText("");
            if (prefix.isEmpty()) {
                throw new StatusException(422, "Invalid", object.path("kind").asText("object")
                        + " \"\" is invalid: metadata.name: Required value: name or generateName is required");
            }
            name = ObjectMetadata.generateName(prefix, random);
            metadata.put("name", name);
        }
        AdmissionRequest request = request(http, path.withName(name), "CREATE", name, object, null, "CreateOptions");
        return new PendingWrite(request, object, true, path);
    }

    private PendingWrite updating(RecordedRequest http, ResourcePath path, JsonNode body) {
        if (!path.isObject() || !(body instanceof ObjectNode)) {
            throw new StatusException(400, "BadRequest", "an update needs an object path and a JSON object body");
        }
        JsonNode old = store.read(path).orElseThrow(() -> notFound(path));
        AdmissionRequest request = request(http, path, "UPDATE", path.name(), body, old, "UpdateOptions");
        return new PendingWrite(request, body, false, path);
    }

    private PendingWrite patching(RecordedRequest http, ResourcePath path, String body) {
        if (!path.isObject()) {
            throw new StatusException(405, "MethodNotAllowed", "PATCH needs an object path");
        }
        String contentType = http.getHeader("Content-Type");
        Optional<JsonNode> old = store.read(path);
        if (old.isEmpty() && ObjectPatcher.isApply(contentType) && path.subresource() == null) {
            // Server-side apply of a missing object creates it (Spark 4 submits its driver objects this way).
            JsonNode applied = ObjectPatcher.readBody(body, contentType);
            if (applied instanceof ObjectNode object) {
                object.withObjectProperty("metadata").put("name", path.name());
            }
            return creating(http, path, applied);
        }
        JsonNode stored = old.orElseThrow(() -> notFound(path));
        JsonNode patched = ObjectPatcher.apply(stored, body, contentType);
        AdmissionRequest request = request(http, path, "UPDATE", path.name(), patched, stored, "PatchOptions");
        return new PendingWrite(request, patched, false, path);
    }

    private MockResponse admitAndStore(PendingWrite pending) {
        AdmissionRequest request = pending.request();
        boolean admission = !exempt(request.path()) && chain.applies(request, pending.object());
        // Webhooks see (and patch) their own copy: the submitted object stays as the client sent it.
        JsonNode submitted = admission && listener != null ? pending.object().deepCopy() : null;
        AdmissionOutcome outcome = admission ? chain.admit(request, pending.object())
                : new AdmissionOutcome.Admitted(pending.object(), List.of());
        if (submitted != null) {
            notify(request, submitted, outcome);
        }
        if (outcome instanceof AdmissionOutcome.Rejected rejected) {
            LOG.debug("admission refused {} {}/{}: {}", request.operation(), request.path().namespace(),
                    request.name(), rejected.message());
            return Responses.status(rejected.code(), rejected.reason(), rejected.message(), rejected.warnings());
        }
        JsonNode admitted = ((AdmissionOutcome.Admitted) outcome).object();
        if (pending.create()) {
            PodCreateDefaults.apply(request.path(), admitted);
        }
        MockResponse response;
        if (request.dryRun()) {
            response = new MockResponse().setResponseCode(pending.create() ? 201 : 200).setBody(Json.write(admitted));
        } else if (pending.create()) {
            response = store.create(pending.target(), admitted);
        } else {
            response = store.update(pending.target(), admitted);
        }
        return Responses.withWarnings(response.setHeader("Content-Type", "application/json"), outcome.warnings());
    }

    private void notify(AdmissionRequest request, JsonNode submitted, AdmissionOutcome outcome) {
        ResourcePath path = request.path();
        AdmissionListener.Decision decision = outcome instanceof AdmissionOutcome.Rejected r
                ? new AdmissionListener.Decision(request.operation(), path.resource(), path.namespace(),
                        request.name(), submitted, null, r.code(), r.message(), r.warnings(), request.dryRun())
                : new AdmissionListener.Decision(request.operation(), path.resource(), path.namespace(),
                        request.name(), submitted, ((AdmissionOutcome.Admitted) outcome).object(), 0, "",
                        outcome.warnings(), request.dryRun());
        try {
            listener.decided(decision);
        } catch (RuntimeException e) {
            LOG.warn("admission listener failed on {} {}/{}: {}", request.operation(), path.namespace(),
                    request.name(), e.toString());
        }
    }

    // kube-apiserver never sends webhook configurations themselves to webhooks, so a bad webhook cannot lock them.
    private static boolean exempt(ResourcePath path) {
        return path.group().equals("admissionregistration.k8s.io");
    }

    private AdmissionRequest request(RecordedRequest http, ResourcePath path, String operation, String name,
                                     JsonNode object, JsonNode old, String optionsKind) {
        ObjectNode options = Json.mapper().createObjectNode();
        options.put("kind", optionsKind).put("apiVersion", "meta.k8s.io/v1");
        return new AdmissionRequest(new UUID(random.nextLong(), random.nextLong()).toString(),
                AdmissionRequest.GroupVersionKind.of(object.hasNonNull("kind") || old == null ? object : old),
                path, operation, name, userInfo(http), old, path.dryRun(), options);
    }

    // Clients name the user to act as through impersonation headers (fabric8: Config#setImpersonateUsername).
    private ObjectNode userInfo(RecordedRequest http) {
        String user = http.getHeader("Impersonate-User");
        if (user == null) {
            return defaultUser.deepCopy();
        }
        ObjectNode info = Json.mapper().createObjectNode().put("username", user);
        List<String> groups = http.getHeaders().headers("Impersonate-Group");
        groups.forEach(info.putArray("groups")::add);
        return info;
    }

    private static StatusException notFound(ResourcePath path) {
        return new StatusException(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found");
    }
}
