package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-side printing as kube-apiserver does it for {@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}:
 * a {@code meta.k8s.io/v1 Table} whose columns are a CRD's {@code additionalPrinterColumns} (after Name; Age when
 * it declares none), or for built-in kinds the columns kubectl users know (pods: Ready, Status, Restarts, Age).
 * {@code date} columns are printed as ages, each row carries the object's metadata (PartialObjectMetadata).
 */
final class TableView {
    private record Column(String name, String type, String format, String description, int priority,
                          Function<JsonNode, Object> value) {
    }

    private final Clock clock;

    TableView(Clock clock) {
        this.clock = clock;
    }

    /** Whether a request asks for a Table. */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /**
     * The Table of a get or list answer (a single object or a list), or the answer unchanged when it is an error.
     *
     * @param crd the CRD of the resource, empty for built-in kinds
     */
    String table(String resource, Optional<JsonNode> crd, String body) {
        JsonNode answer = Json.read(body, JsonNode.class);
        if ("Status".equals(answer.path("kind").asText())) {
            return body;
        }
        List<JsonNode> items = new ArrayList<>();
        if (answer.has("items")) {
            answer.path("items").forEach(items::add);
        } else {
            items.add(answer);
        }
        List<Column> columns = columns(resource, crd);
        ObjectNode table = Json.mapper().createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (answer.has("items")) {
            metadata.put("resourceVersion", answer.path("metadata").path("resourceVersion").asText());
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column c : columns) {
            definitions.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                Object v = c.value().apply(item);
                if (v == null) {
                    cells.addNull();
                } else if (v instanceof Long l) {
                    cells.add(l);
                } else if (v instanceof JsonNode n) {
                    cells.add(n);
                } else {
                    cells.add(v.toString());
                }
            }
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
                    .put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", item.path("metadata").deepCopy());
        }
        return Json.write(table);
    }

    /**
     * A watch whose ADDED, MODIFIED and DELETED events carry one-row Tables instead of objects, as kube-apiserver
     * streams them to {@code kubectl get -w}; other events (BOOKMARK, ERROR) pass unchanged.
     */
    io.fabric8.mockwebserver.http.WebSocketListener watch(String resource, Optional<JsonNode> crd,
                                                          io.fabric8.mockwebserver.http.WebSocketListener objects) {
        return new io.fabric8.mockwebserver.http.WebSocketListener() {
            @Override
            public void onOpen(io.fabric8.mockwebserver.http.WebSocket socket,
                               io.fabric8.mockwebserver.http.Response response) {
                objects.onOpen(new io.fabric8.mockwebserver.http.WebSocket() {
                    @Override
                    public io.fabric8.mockwebserver.http.RecordedRequest request() {
                        return socket.request();
                    }

                    @Override
                    public boolean send(String event) {
                        return socket.send(tableEvent(resource, crd, event));
                    }

                    @Override
                    public boolean send(byte[] bytes) {
                        return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                    }

                    @Override
                    public boolean close(int code, String reason) {
                        return socket.close(code, reason);
                    }
                }, response);
            }

            @Override
            public void onClosing(io.fabric8.mockwebserver.http.WebSocket socket, int code, String reason) {
                objects.onClosing(socket, code, reason);
            }

            @Override
            public void onClosed(io.fabric8.mockwebserver.http.WebSocket socket, int code, String reason) {
                objects.onClosed(socket, code, reason);
            }

            @Override
            public void onFailure(io.fabric8.mockwebserver.http.WebSocket socket, Throwable t,
                                  io.fabric8.mockwebserver.http.Response response) {
                objects.onFailure(socket, t, response);
            }
        };
    }

    private String tableEvent(String resource, Optional<JsonNode> crd, String event) {
        ObjectNode e = (ObjectNode) Json.read(event, JsonNode.class);
        String type = e.path("type").asText();
        if (type.equals("ADDED") || type.equals("MODIFIED") || type.equals("DELETED")) {
            e.set("object", Json.read(table(resource, crd, Json.write(e.get("object"))), JsonNode.class));
        }
        return Json.write(e);
    }

    private List<Column> columns(String resource, Optional<JsonNode> crd) {
        List<Column> out = new ArrayList<>();
        out.add(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0,
                o -> o.path("metadata").path("name").asText()));
        if (crd.isPresent()) {
            JsonNode printer = crd.get().path("spec").path("versions").path(0).path("additionalPrinterColumns");
            if (printer.isArray() && !printer.isEmpty()) {
                for (JsonNode p : printer) {
                    String type = p.path("type").asText("string");
                    String path = p.path("jsonPath").asText();
                    out.add(new Column(p.path("name").asText(), type, p.path("format").asText(""),
                            p.path("description").asText(""), p.path("priority").asInt(0),
                            o -> cell(type, io.sparkgate.api.schema.ChartCrds.at(o, path))));
                }
                return out;
            }
        } else if (resource.equals("pods")) {
            out.add(new Column("Ready", "string", "", "The aggregate readiness state of this pod for accepting "
                    + "traffic.", 0, TableView::ready));
            out.add(new Column("Status", "string", "", "The aggregate status of the containers in this pod.", 0,
                    TableView::podStatus));
            out.add(new Column("Restarts", "string", "", "The number of times the containers in this pod have "
                    + "been restarted.", 0, TableView::restarts));
        }
        out.add(new Column("Age", "string", "", "CreationTimestamp is a timestamp representing the server time "
                + "when this object was created.", 0, o -> age(o.path("metadata").path("creationTimestamp"))));
        return out;
    }

    private Object cell(String type, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (type.equals("date")) {
            return age(value);
        }
        if (type.equals("integer") && value.canConvertToLong()) {
            return value.asLong();
        }
        return value.isValueNode() ? value.asText() : value;
    }

    private String age(JsonNode timestamp) {
        if (!timestamp.isTextual()) {
            return "<unknown>";
        }
        try {
            return human(Duration.between(Instant.parse(timestamp.asText()), clock.instant()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    /** An age as kubectl prints one: {@code 45s}, {@code 5m}, {@code 3h}, {@code 12d}. */
    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 48) {
            return h + "h";
        }
        return h / 24 + "d";
    }

    private static String ready(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            ready += c.path("ready").asBoolean() ? 1 : 0;
        }
        return ready + "/" + total;
    }

    /** What kubectl shows as a pod's STATUS: a container's waiting or terminated reason, else the phase. */
    private static String podStatus(JsonNode pod) {
        String reason = pod.path("status").path("reason").asText("");
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            String waiting = c.path("state").path("waiting").path("reason").asText("");
            String terminated = c.path("state").path("terminated").path("reason").asText("");
            reason = !waiting.isEmpty() ? waiting : !terminated.isEmpty() ? terminated : reason;
        }
        if (pod.path("metadata").has("deletionTimestamp")) {
            return "Terminating";
        }
        return reason.isEmpty() ? pod.path("status").path("phase").asText("Pending") : reason;
    }

    private static String restarts(JsonNode pod) {
        long n = 0;
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            n += c.path("restartCount").asLong();
        }
        return Long.toString(n);
    }
}
