package io.sparkgate.testing.kubeflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The field-by-field comparison with kubeflow's spark-operator ({@code kubeflow/fields.yaml}): one row per v1beta2
 * field with how each side reads it, the tests that show it, and cases run on the launcher, the webhook's mutators
 * and admission. The doc table in docs/migration-from-kubeflow.md is rendered from it, so the two cannot drift.
 */
public final class KubeflowFields {
    /** The resource holding the table. */
    public static final String RESOURCE = "/kubeflow/fields.yaml";
    /** The name the rendered table gives the table-driven cases in the test column. */
    public static final String CASES_TEST = "KubeflowField*Test";
    private static final String BASE_APP = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: fields, namespace: team-a, uid: uid-fields}
            spec:
              type: Scala
              mode: cluster
              sparkVersion: 4.1.1
              image: apache/spark:4.1.1
              mainClass: org.apache.spark.examples.SparkPi
              mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
            """;

    private KubeflowFields() {
    }

    /**
     * One field: how kubeflow and sparkgate read it, the tests that show it, and its cases.
     *
     * @param field    the field path; {@code <role>} stands for driver and executor, {@code scheduled.} for a
     *                 ScheduledSparkApplication
     * @param kubeflow how kubeflow's operator reads it
     * @param sparkgate how sparkgate reads it, and why where it differs
     * @param tests    tests ({@code Class} or {@code Class#method}) that show sparkgate's reading
     * @param cases    values in each grammar kubeflow accepts, and values it refuses
     */
    public record Row(String field, String kubeflow, String sparkgate, List<String> tests, List<Case> cases) {
        /** Normalises absent lists to empty ones. */
        public Row {
            tests = tests == null ? List.of() : List.copyOf(tests);
            cases = cases == null ? List.of() : List.copyOf(cases);
        }
    }

    /**
     * One value of a field and what it must do.
     *
     * @param set     field paths (dot-separated from the object's root) and the YAML value each takes
     * @param conf    {@code spark.properties} entries the launcher must write; a null value means absent
     * @param driver  JSON pointers into the launcher's driver pod and the value each must have
     * @param mutated per role ({@code driver}, {@code executor}), JSON pointers into the webhook-mutated real
     *                Spark pod; a pointer ending in {@code /-/name} matches any list element's name
     * @param refused the start of the admission message, or null when the app must be admitted
     * @param warned  the start of a warning the admission must carry (a field accepted but not read), or null
     */
    public record Case(Map<String, JsonNode> set, Map<String, String> conf, Map<String, JsonNode> driver,
                       Map<String, Map<String, JsonNode>> mutated, String refused, String warned) {
        /** Normalises absent maps to empty ones. */
        public Case {
            set = set == null ? Map.of() : set;
            conf = conf == null ? Map.of() : conf;
            driver = driver == null ? Map.of() : driver;
            mutated = mutated == null ? Map.of() : mutated;
        }

        /** The minimal Scala app with the case's values set, as a JSON tree. */
        public ObjectNode app() {
            ObjectNode app;
            try {
                app = (ObjectNode) Json.yaml().readTree(BASE_APP);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            set.forEach((path, value) -> put(app, path, value));
            return app;
        }

        @Override
        public String toString() {
            return Json.write(set);
        }
    }

    /** Every row, in the table's order. */
    public static List<Row> rows() {
        try (InputStream in = KubeflowFields.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return Json.yaml().readValue(in, new TypeReference<List<Row>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every case with the row it belongs to, for parameterised tests. */
    public static List<Map.Entry<Row, Case>> cases() {
        List<Map.Entry<Row, Case>> out = new ArrayList<>();
        for (Row row : rows()) {
            row.cases().forEach(c -> out.add(Map.entry(row, c)));
        }
        return out;
    }

    /** The Markdown table of docs/migration-from-kubeflow.md. */
    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| field | kubeflow reads it as | sparkgate reads it as | test |\n")
                .append("|---|---|---|---|\n");
        for (Row row : rows) {
            List<String> tests = new ArrayList<>(row.tests());
            if (!row.cases().isEmpty()) {
                tests.add(CASES_TEST + " (" + row.cases().size() + (row.cases().size() == 1 ? " case)" : " cases)"));
            }
            md.append("| `").append(row.field()).append("` | ").append(cell(row.kubeflow())).append(" | ")
                    .append(cell(row.sparkgate())).append(" | ")
                    .append(tests.isEmpty() ? "—" : cell(String.join(", ", tests))).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = node.putObject(parts[i]);
            }
            node = (ObjectNode) next;
        }
        String last = parts[parts.length - 1];
        if (value == null || value.isNull()) {
            node.remove(last);
        } else {
            node.set(last, value.deepCopy());
        }
    }
}
