package io.sparkgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field-by-field table of kubeflow's v1beta2 fields ({@code kubeflow/fields.yaml}): how kubeflow and sparkgate
 * read each one, and values of each grammar kubeflow accepts or refuses. The launcher and admission tests run every
 * value; the table in docs/migration-from-kubeflow.md is rendered from it, so the doc and the tests cannot drift.
 */
public final class KubeflowFields {
    private static final String BASE = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: fields, namespace: team-a}
            spec:
              type: Scala
              mode: cluster
              image: apache/spark:4.1.1
              sparkVersion: 4.1.1
              mainClass: org.example.Main
              mainApplicationFile: local:///opt/app/app.jar
            """;

    /** One field: its name, how each side reads it, and its test values. */
    public record Row(String field, String kubeflow, String sparkgate, List<Accepted> accepts, List<Refused> refuses) {
        /** Where this row's values are tested, as the table's last column. */
        public String tests() {
            List<String> where = new ArrayList<>();
            if (!accepts.isEmpty()) {
                where.add(accepts.size() + " accepted");
            }
            long pods = accepts.stream().filter(a -> !a.driverPod().isEmpty() || !a.executorPod().isEmpty()).count();
            if (pods > 0) {
                where.add(pods + " on the pods");
            }
            if (!refuses.isEmpty()) {
                where.add(refuses.size() + " refused");
            }
            return String.join(", ", where);
        }
    }

    /**
     * A value kubeflow accepts, the app it makes, what must (not) reach Spark, and what the webhook must set on the
     * driver and executor pods ({@code pod.driver} / {@code pod.executor}: JSON pointer → value as text).
     */
    public record Accepted(JsonNode app, Map<String, String> properties, List<String> absent, List<String> args,
                           Map<String, String> driverPod, Map<String, String> executorPod) {
    }

    /**
     * A value sparkgate refuses: the start of its message (naming the field), text the message must also contain
     * (the accepted forms; may be empty), and whether only admission refuses it (a sparkgate rule, not Spark's).
     */
    public record Refused(JsonNode app, String message, String forms, boolean admissionOnly) {
    }

    private KubeflowFields() {
    }

    /** Every row of the table, in its order. */
    public static List<Row> rows() {
        JsonNode root;
        try (InputStream in = KubeflowFields.class.getResourceAsStream("/kubeflow/fields.yaml")) {
            root = Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : root.path("rows")) {
            List<Accepted> accepts = new ArrayList<>();
            for (JsonNode a : r.path("accepts")) {
                accepts.add(new Accepted(app(a), strings(a.path("properties")), list(a.path("absent")),
                        list(a.path("args")), strings(a.path("pod").path("driver")),
                        strings(a.path("pod").path("executor"))));
            }
            List<Refused> refuses = new ArrayList<>();
            for (JsonNode a : r.path("refuses")) {
                refuses.add(new Refused(app(a), a.path("message").asText(), a.path("forms").asText(""),
                        a.path("admissionOnly").asBoolean(false)));
            }
            rows.add(new Row(r.path("field").asText(), r.path("kubeflow").asText(), r.path("sparkgate").asText(),
                    accepts, refuses));
        }
        return rows;
    }

    /** The table as Markdown: field · kubeflow reads it as · sparkgate reads it as · test. */
    public static String markdownTable() {
        StringBuilder md = new StringBuilder("| field | kubeflow reads it as | sparkgate reads it as | test |\n"
                + "|---|---|---|---|\n");
        for (Row r : rows()) {
            md.append("| `").append(r.field()).append("` | ").append(cell(r.kubeflow())).append(" | ")
                    .append(cell(r.sparkgate())).append(" | ").append(r.tests()).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    // The base app with the entry's metadata and spec merged in (maps merged key by key, other values replaced).
    private static JsonNode app(JsonNode entry) {
        ObjectNode app = (ObjectNode) Json.read(BASE, JsonNode.class);
        merge((ObjectNode) app.path("metadata"), entry.path("metadata"));
        merge((ObjectNode) app.path("spec"), entry.path("spec"));
        return app;
    }

    private static void merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
