package io.sparkgate.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.CustomResources;
import io.sparkgate.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store answers as kube-apiserver does: metadata it owns, conflicts, status, selectors, watches, 410. */
class IndexedStoreTest {
    private static final String PODS = "/api/v1/namespaces/team-a/pods";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.250Z"));
    private final IndexedStore store = new IndexedStore(clock, new Random(7), 4);

    @Test
    void createSetsWhatKubeApiserverOwnsAndRefusesADuplicate() {
        JsonNode created = body(send("POST", PODS, pod("driver", "spark-role", "driver")), 201);

        JsonNode metadata = created.path("metadata");
        assertThat(metadata.path("namespace").asText()).isEqualTo("team-a");
        assertThat(metadata.path("uid").asText()).hasSize(36);
        assertThat(metadata.path("creationTimestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(metadata.path("generation").asLong()).isEqualTo(1);
        assertThat(metadata.path("resourceVersion").asText()).isEqualTo("1");
        assertThat(body(send("GET", PODS + "/driver", null), 200)).isEqualTo(created);
        assertThat(status(send("POST", PODS, pod("driver")), 409))
                .isEqualTo("AlreadyExists: pods \"driver\" already exists");
        assertThat(status(send("GET", PODS + "/missing", null), 404)).isEqualTo("NotFound: pods \"missing\" not found");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void generateNameGetsASuffixAndAMissingNameIsInvalid() {
        ObjectNode pod = pod("x");
        ((ObjectNode) pod.path("metadata")).remove("name");
        ((ObjectNode) pod.path("metadata")).put("generateName", "exec-");

        assertThat(body(send("POST", PODS, pod), 201).path("metadata").path("name").asText()).matches("exec-[a-z0-9]{5}");
        ((ObjectNode) pod.path("metadata")).remove("generateName");
        assertThat(status(send("POST", PODS, pod), 422)).startsWith("Invalid: Pod \"\" is invalid: metadata.name");
    }

    @Test
    void updateWithAStaleResourceVersionConflictsAndKeepsWhatTheClientCannotChange() {
        JsonNode created = body(send("POST", PODS, pod("driver")), 201);
        ObjectNode edit = created.deepCopy();
        ((ObjectNode) edit.path("metadata")).put("uid", "forged").putObject("labels").put("x", "1");

        JsonNode updated = body(send("PUT", PODS + "/driver", edit), 200);

        assertThat(updated.path("metadata").path("uid")).isEqualTo(created.path("metadata").path("uid"));
        assertThat(updated.path("metadata").path("labels").path("x").asText()).isEqualTo("1");
        assertThat(updated.path("metadata").path("resourceVersion").asText()).isEqualTo("2");
        assertThat(updated.path("metadata").path("generation").asLong()).as("metadata only").isEqualTo(1);
        assertThat(status(send("PUT", PODS + "/driver", edit), 409)).startsWith("Conflict: Operation cannot be "
                + "fulfilled on pods \"driver\": the object has been modified");
        assertThat(status(send("PUT", PODS + "/missing", pod("missing")), 404)).contains("not found");
    }

    @Test
    void generationMovesOnSpecChangesAndAnUpdateChangingNothingWritesNothing() {
        JsonNode created = body(send("POST", PODS, pod("driver")), 201);
        ObjectNode edit = created.deepCopy();
        ((ObjectNode) edit.path("spec")).put("hostname", "h");

        JsonNode updated = body(send("PUT", PODS + "/driver", edit), 200);
        JsonNode again = body(send("PUT", PODS + "/driver", updated), 200);

        assertThat(updated.path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(again).isEqualTo(updated);
        assertThat(again.path("metadata").path("resourceVersion").asText()).isEqualTo("2");
    }

    @Test
    void statusIsASubresource() {
        ObjectNode sent = pod("driver");
        sent.putObject("status").put("phase", "Pending");
        JsonNode created = body(send("POST", PODS, sent), 201);
        ObjectNode running = created.deepCopy();
        running.withObjectProperty("status").put("phase", "Running");
        ((ObjectNode) running.path("metadata")).putObject("labels").put("ignored", "by /status");

        JsonNode afterStatus = body(send("PUT", PODS + "/driver/status", running), 200);
        ObjectNode failed = afterStatus.deepCopy();
        failed.withObjectProperty("status").put("phase", "Failed");
        JsonNode afterMain = body(send("PUT", PODS + "/driver", failed), 200);

        assertThat(afterStatus.path("status").path("phase").asText()).isEqualTo("Running");
        assertThat(afterStatus.path("metadata").path("labels").has("ignored")).isFalse();
        assertThat(afterMain.path("status").path("phase").asText()).as("the main resource keeps the stored status")
                .isEqualTo("Running");
        assertThat(status(send("PUT", PODS + "/driver/exec", failed), 404)).startsWith("NotFound");
    }

    @Test
    void aCrdDeclaringStatusGivesItsKindAStatusSubresourceAndADiscoveryDocument() {
        send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Json.mapper().valueToTree(CustomResources.definition(SparkApplication.class, true)));
        String apps = "/apis/sparkoperator.k8s.io/v1beta2/namespaces/team-a/sparkapplications";
        ObjectNode app = Json.mapper().createObjectNode().put("apiVersion", "sparkoperator.k8s.io/v1beta2")
                .put("kind", "SparkApplication");
        app.putObject("metadata").put("name", "etl");
        app.putObject("spec").put("type", "Scala");
        app.putObject("status").putObject("applicationState").put("state", "RUNNING");

        JsonNode created = body(send("POST", apps, app), 201);
        JsonNode discovery = body(send("GET", "/apis/sparkoperator.k8s.io/v1beta2", null), 200);

        assertThat(body(send("PUT", apps + "/etl/status", created), 200).path("status").isObject()).isTrue();
        assertThat(discovery.path("resources")).extracting(r -> r.path("name").asText())
                .contains("sparkapplications", "sparkapplications/status");
        assertThat(discovery.path("resources").get(0).path("kind").asText()).isEqualTo("SparkApplication");
        assertThat(send("GET", "/apis/nothing.example.com/v1", null).code()).isEqualTo(404);
    }

    @Test
    void listsFilterByLabelAndFieldSelectorsAndCarryTheRevision() {
        send("POST", PODS, pod("d1", "spark-role", "driver", "app", "a"));
        send("POST", PODS, pod("e1", "spark-role", "executor", "app", "a"));
        send("POST", PODS, pod("web"));
        send("POST", "/api/v1/namespaces/team-b/pods", pod("d2", "spark-role", "driver", "app", "b"));

        assertThat(names(PODS + "?labelSelector=spark-role%3Ddriver")).containsExactly("d1");
        assertThat(names(PODS + "?labelSelector=spark-role%21%3Ddriver")).containsExactlyInAnyOrder("e1", "web");
        assertThat(names("/api/v1/pods?labelSelector=spark-role")).containsExactlyInAnyOrder("d1", "e1", "d2");
        assertThat(names("/api/v1/pods?labelSelector=%21spark-role")).containsExactly("web");
        assertThat(names("/api/v1/pods?labelSelector=app%20in%20(a,%20b),spark-role%20notin%20(executor)"))
                .containsExactlyInAnyOrder("d1", "d2");
        assertThat(names("/api/v1/pods?fieldSelector=metadata.name%3Dd2")).containsExactly("d2");
        assertThat(names("/api/v1/pods?fieldSelector=metadata.namespace%3Dteam-b")).containsExactly("d2");
        assertThat(body(send("GET", PODS, null), 200).path("metadata").path("resourceVersion").asText())
                .isEqualTo("4");
        // the object fields kube-apiserver selects pods and events by are read from the object (none runs here)
        assertThat(names("/api/v1/pods?fieldSelector=status.phase%3DRunning")).isEmpty();
        assertThat(status(send("GET", PODS + "?fieldSelector=spec.containers%3Dx", null), 400))
                .isEqualTo("BadRequest: field label not supported: spec.containers");
    }

    @Test
    void deleteRemovesAndDeleteCollectionHonoursSelectors() {
        send("POST", PODS, pod("d1", "spark-role", "driver"));
        send("POST", PODS, pod("e1", "spark-role", "executor"));
        send("POST", PODS, pod("e2", "spark-role", "executor"));

        assertThat(body(send("DELETE", PODS + "/d1", null), 200).path("metadata").path("name").asText())
                .isEqualTo("d1");
        assertThat(send("DELETE", PODS + "/d1", null).code()).isEqualTo(404);
        assertThat(body(send("DELETE", PODS + "?labelSelector=spark-role%3Dexecutor", null), 200).path("items"))
                .hasSize(2);
        assertThat(store.size()).isZero();
    }

    @Test
    void deletingAnOwnerDeletesItsDependentsAsTheGarbageCollectorDoes() {
        String driverUid = body(send("POST", PODS, pod("driver", "spark-role", "driver")), 201)
                .path("metadata").path("uid").asText();
        ObjectNode executor = pod("exec-1", "spark-role", "executor");
        ((ObjectNode) executor.path("metadata")).putArray("ownerReferences").addObject().put("apiVersion", "v1")
                .put("kind", "Pod").put("name", "driver").put("uid", driverUid);
        send("POST", PODS, executor);
        ObjectNode other = pod("other", "spark-role", "executor");
        ((ObjectNode) other.path("metadata")).putArray("ownerReferences").addObject().put("apiVersion", "v1")
                .put("kind", "Pod").put("name", "gone").put("uid", "not-" + driverUid);
        send("POST", PODS, other);
        assertThat(send("DELETE", PODS + "/driver", null).code()).isEqualTo(200);
        assertThat(send("GET", PODS + "/exec-1", null).code()).isEqualTo(404);
        assertThat(send("GET", PODS + "/other", null).code()).as("owned by another uid").isEqualTo(200);
    }

    @Test
    void finalizersDeferADeleteUntilTheLastIsRemoved() {
        ObjectNode pod = pod("held");
        ((ObjectNode) pod.path("metadata")).putArray("finalizers").add("example.com/hold");
        send("POST", PODS, pod);
        clock.advance(Duration.ofSeconds(5));

        JsonNode marked = body(send("DELETE", PODS + "/held", null), 202);
        ObjectNode released = marked.deepCopy();
        ((ObjectNode) released.path("metadata")).putArray("finalizers");

        assertThat(marked.path("metadata").path("deletionTimestamp").asText()).isEqualTo("2026-03-01T10:00:05Z");
        assertThat(store.size()).isEqualTo(1);
        assertThat(send("PUT", PODS + "/held", released).code()).isEqualTo(200);
        assertThat(send("GET", PODS + "/held", null).code()).isEqualTo(404);
    }

    @Test
    void aWatchFromAListsRevisionReplaysEverythingSinceThenFollows() {
        send("POST", PODS, pod("before", "spark-role", "driver"));
        String listed = body(send("GET", PODS, null), 200).path("metadata").path("resourceVersion").asText();
        send("POST", PODS, pod("after", "spark-role", "driver"));
        send("POST", PODS, pod("other"));

        Socket socket = watch(PODS + "?watch=true&labelSelector=spark-role&resourceVersion=" + listed);
        send("DELETE", PODS + "/before", null);

        assertThat(socket.events()).containsExactly("ADDED after", "DELETED before");
        assertThat(socket.messages.get(1).path("object").path("metadata").path("resourceVersion").asText())
                .as("a DELETED event carries the revision of the delete").isEqualTo("4");
    }

    @Test
    void aWatchWithoutRevisionStartsWithTheCurrentStateAndSeesObjectsLeaveItsSelector() {
        JsonNode driver = body(send("POST", PODS, pod("d1", "spark-role", "driver")), 201);
        Socket socket = watch(PODS + "?watch=true&labelSelector=spark-role%3Ddriver");
        ObjectNode relabelled = driver.deepCopy();
        ((ObjectNode) relabelled.path("metadata")).putObject("labels").put("spark-role", "executor");

        ObjectNode back = body(send("PUT", PODS + "/d1", relabelled), 200).deepCopy();
        ((ObjectNode) back.path("metadata")).putObject("labels").put("spark-role", "driver");
        send("PUT", PODS + "/d1", back);

        assertThat(socket.events()).containsExactly("ADDED d1", "DELETED d1", "ADDED d1");
    }

    @Test
    void aWatchOfOneNameSeesOnlyThatObject() {
        Socket socket = watch(PODS + "?watch=true&fieldSelector=metadata.name%3Dd1&resourceVersion=0");
        send("POST", PODS, pod("d2"));
        send("POST", PODS, pod("d1"));

        assertThat(socket.events()).containsExactly("ADDED d1");
    }

    @Test
    void aWatchFromARevisionOlderThanTheHistoryIsExpired() {
        for (int i = 0; i < 6; i++) {
            send("POST", PODS, pod("p" + i));
        }

        Socket expired = watch(PODS + "?watch=true&resourceVersion=1");
        Socket served = watch(PODS + "?watch=true&resourceVersion=2");

        assertThat(expired.messages).singleElement().satisfies(m -> {
            assertThat(m.path("type").asText()).isEqualTo("ERROR");
            assertThat(m.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(m.path("object").path("reason").asText()).isEqualTo("Expired");
        });
        assertThat(expired.closed).isTrue();
        assertThat(served.events()).containsExactly("ADDED p2", "ADDED p3", "ADDED p4", "ADDED p5");
    }

    @Test
    void aWatchFromARevisionTheStoreNeverReachedIsExpiredAsTooLarge() {
        send("POST", PODS, pod("p0"));

        Socket future = watch(PODS + "?watch=true&resourceVersion=2");
        Socket current = watch(PODS + "?watch=true&resourceVersion=1");

        assertThat(future.messages).singleElement().satisfies(m -> {
            assertThat(m.path("type").asText()).isEqualTo("ERROR");
            assertThat(m.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(m.path("object").path("reason").asText()).isEqualTo("Expired");
            assertThat(m.path("object").path("message").asText()).isEqualTo("too large resource version: 2, current: 1");
        });
        assertThat(future.closed).isTrue();
        assertThat(current.messages).isEmpty();
        assertThat(current.closed).isFalse();
    }

    @Test
    void bookmarksGoOnlyToWatchesThatAllowThemAtTheCurrentRevision() {
        send("POST", PODS, pod("p0"));
        Socket bookmarked = watch(PODS + "?watch=true&resourceVersion=1&allowWatchBookmarks=true");
        Socket plain = watch(PODS + "?watch=true&resourceVersion=1");
        Socket emptyKind = watch("/api/v1/namespaces?watch=true&resourceVersion=1&allowWatchBookmarks=true");
        send("POST", "/api/v1/namespaces/team-b/pods", pod("elsewhere"));

        store.bookmark();

        assertThat(emptyKind.messages).as("fabric8 needs the kind even where no object was stored yet")
                .singleElement().satisfies(m -> assertThat(m.path("object").path("kind").asText())
                        .isEqualTo("Namespace"));
        assertThat(bookmarked.messages).singleElement().satisfies(m -> {
            assertThat(m.path("type").asText()).isEqualTo("BOOKMARK");
            assertThat(m.path("object").path("kind").asText()).isEqualTo("Pod");
            assertThat(m.path("object").path("apiVersion").asText()).isEqualTo("v1");
            assertThat(m.path("object").path("metadata").path("resourceVersion").asText()).isEqualTo("2");
        });
        assertThat(plain.messages).isEmpty();
    }

    @Test
    void aRestoreKeepingRevisionsEndsWatchesAndServesOnlyFromTheRestoredRevision() {
        send("POST", PODS, pod("kept"));
        send("POST", PODS, pod("also-kept"));
        IndexedStore.Snapshot backup = store.snapshot();
        send("POST", PODS, pod("lost"));
        Socket before = watch(PODS + "?watch=true&resourceVersion=3");

        store.restore(backup, true);

        assertThat(before.closed).as("watches end with the old API server").isTrue();
        assertThat(names(PODS)).containsExactlyInAnyOrder("kept", "also-kept");
        assertThat(body(send("GET", PODS, null), 200).path("metadata").path("resourceVersion").asText())
                .isEqualTo("2");
        assertThat(watch(PODS + "?watch=true&resourceVersion=3").messages).singleElement()
                .satisfies(m -> assertThat(m.path("object").path("message").asText()).startsWith("too large"));
        assertThat(watch(PODS + "?watch=true&resourceVersion=1").messages).singleElement()
                .satisfies(m -> assertThat(m.path("object").path("message").asText()).startsWith("too old"));
        Socket resumed = watch(PODS + "?watch=true&resourceVersion=2");
        assertThat(body(send("POST", PODS, pod("next")), 201).path("metadata").path("resourceVersion").asText())
                .as("the revision goes on from the snapshot's").isEqualTo("3");
        assertThat(resumed.events()).containsExactly("ADDED next");
    }

    @Test
    void aRestoreWithoutRevisionsRenumbersInWriteOrderAndAnEmptyOneWipesEverything() {
        send("POST", PODS, pod("first"));
        send("POST", PODS, pod("second"));
        send("DELETE", PODS + "/first", null);
        send("POST", PODS, pod("third"));
        IndexedStore.Snapshot backup = store.snapshot();

        store.restore(backup, false);

        assertThat(backup.size()).isEqualTo(2);
        assertThat(body(send("GET", PODS + "/second", null), 200).path("metadata").path("resourceVersion").asText())
                .isEqualTo("1");
        assertThat(body(send("GET", PODS + "/third", null), 200).path("metadata").path("resourceVersion").asText())
                .isEqualTo("2");
        assertThat(store.revision()).isEqualTo(2);

        store.restore(IndexedStore.Snapshot.EMPTY, false);

        assertThat(store.size()).isZero();
        assertThat(store.revision()).isZero();
        assertThat(names(PODS)).isEmpty();
    }

    @Test
    void listsArePagedWithLimitAndContinueAtTheFirstPagesRevision() {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            send("POST", PODS, pod(name));
        }
        JsonNode first = body(send("GET", PODS + "?limit=2", null), 200);
        send("POST", PODS, pod("f")); // after the first page: in a later page, at the first page's revision

        List<String> names = new ArrayList<>();
        first.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        JsonNode page = first;
        while (page.path("metadata").has("continue")) {
            assertThat(page.path("metadata").path("resourceVersion").asText()).isEqualTo("5");
            page = body(send("GET", PODS + "?limit=2&continue=" + page.path("metadata").path("continue").asText(),
                    null), 200);
            page.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        }

        assertThat(names).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(page.path("metadata").path("resourceVersion").asText()).isEqualTo("5");
        assertThat(status(send("GET", PODS + "?limit=0", null), 400)).isEqualTo("BadRequest: limit must be a "
                + "positive integer, was 0");
        assertThat(status(send("GET", PODS + "?limit=2&continue=garbage", null), 400))
                .startsWith("BadRequest: invalid continue token");
    }

    @Test
    void countsRequestsByVerbResourceAndError() {
        send("POST", PODS, pod("d1"));
        send("GET", PODS + "/d1", null);
        send("GET", PODS + "/d2", null);

        assertThat(store.requests()).containsEntry("create pods", 1L).containsEntry("get pods", 1L)
                .containsEntry("get pods -> 404", 1L);
    }

    private static ObjectNode pod(String name, String... labels) {
        ObjectNode pod = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name);
        if (labels.length > 0) {
            ObjectNode l = metadata.putObject("labels");
            for (int i = 0; i < labels.length; i += 2) {
                l.put(labels[i], labels[i + 1]);
            }
        }
        pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "spark:4.1.1");
        return pod;
    }

    private MockResponse send(String method, String path, JsonNode body) {
        Buffer buffer = new Buffer(body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8));
        return store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
                Headers.builder().add("Content-Type", "application/json").build(), buffer));
    }

    private static JsonNode body(MockResponse response, int code) {
        assertThat(response.code()).as(text(response)).isEqualTo(code);
        return Json.read(text(response), JsonNode.class);
    }

    /** {@code reason: message} of a Status answer with the given code. */
    private static String status(MockResponse response, int code) {
        JsonNode status = body(response, code);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        return status.path("reason").asText() + ": " + status.path("message").asText();
    }

    private static String text(MockResponse response) {
        return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private List<String> names(String path) {
        List<String> names = new ArrayList<>();
        body(send("GET", path, null), 200).path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        return names;
    }

    private Socket watch(String path) {
        MockResponse response = send("GET", path, null);
        Socket socket = new Socket();
        response.getWebSocketListener().onOpen(socket, response);
        return socket;
    }

    /** The client end of a watch: what it was sent, and whether the server closed it. */
    private static final class Socket implements WebSocket {
        final List<JsonNode> messages = new ArrayList<>();
        boolean closed;

        List<String> events() {
            return messages.stream().map(m -> m.path("type").asText() + " "
                    + m.path("object").path("metadata").path("name").asText()).toList();
        }

        @Override
        public RecordedRequest request() {
            return null;
        }

        @Override
        public boolean send(String text) {
            messages.add(Json.read(text, JsonNode.class));
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            closed = true;
            return true;
        }
    }
}
