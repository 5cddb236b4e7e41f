package io.sparkgate.testing.kubeflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkgate.api.v1beta2.DriverSpec;
import io.sparkgate.api.v1beta2.ExecutorSpec;
import io.sparkgate.api.v1beta2.ScheduledSparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kubeflow field table is complete and true to the repository: a row for every v1beta2 field sparkgate models
 * (and none for a field it does not), every test it names exists, and the doc's table is the one rendered from it.
 */
class KubeflowFieldTableTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DOC = ROOT.resolve("docs/migration-from-kubeflow.md");
    private static final String BEGIN = "<!-- kubeflow-fields:begin (generated from test-fixtures/src/main/resources"
            + "/kubeflow/fields.yaml; regenerate: mvn -B -q -pl test-fixtures -am test -Dtest=KubeflowFieldTableTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dsparkgate.docs.write=true) -->\n";
    private static final String END = "<!-- kubeflow-fields:end -->";

    // Fields holding one of sparkgate's own v1beta2 types: a row is allowed (for what the block as a whole does),
    // their leaves need one each.
    private final Set<String> blocks = new LinkedHashSet<>();

    @Test
    void everyModelledFieldHasExactlyOneRowAndEveryRowAField() {
        Set<String> leaves = new LinkedHashSet<>();
        walk(SparkApplicationSpec.class, "spec", leaves);
        walk(ScheduledSparkApplicationSpec.class, "scheduled.spec", leaves);
        leaves.addAll(List.of("metadata.name", "metadata.namespace", "metadata.labels"));
        Set<String> allowed = new LinkedHashSet<>(leaves);
        allowed.addAll(blocks);
        List<String> rows = KubeflowFields.rows().stream().map(KubeflowFields.Row::field).toList();
        assertThat(rows).as("one row per field").doesNotHaveDuplicates();
        assertThat(rows).as("rows for fields sparkgate does not model").isSubsetOf(allowed);
        assertThat(leaves).as("fields without a row").isSubsetOf(rows);
    }

    @Test
    void everyRowSaysHowBothSidesReadItAndNamesTestsThatExist() throws IOException {
        List<Path> testSources;
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            testSources = files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith("Test.java"))
                    .toList();
        }
        List<String> missing = new ArrayList<>();
        for (KubeflowFields.Row row : KubeflowFields.rows()) {
            assertThat(row.kubeflow()).as(row.field()).isNotBlank();
            assertThat(row.sparkgate()).as(row.field()).isNotBlank();
            for (String test : row.tests()) {
                String[] parts = test.split("#", 2);
                Path source = testSources.stream().filter(p -> p.getFileName().toString().equals(parts[0] + ".java"))
                        .findFirst().orElse(null);
                if (source == null || parts.length == 2 && !Files.readString(source).contains(" " + parts[1] + "(")) {
                    missing.add(row.field() + " -> " + test);
                }
            }
        }
        assertThat(missing).as("tests named by the table that do not exist").isEmpty();
    }

    @Test
    void theDocTableIsTheOneRenderedFromTheTable() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        String rendered = KubeflowFields.markdown(KubeflowFields.rows());
        if (Boolean.getBoolean("sparkgate.docs.write")) {
            assertThat(begin).as("the doc's begin marker").isNotNegative();
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + rendered + doc.substring(end));
            return;
        }
        assertThat(begin).as("the doc's begin marker").isNotNegative();
        assertThat(end).as("the doc's end marker").isGreaterThan(begin);
        assertThat(doc.substring(begin + BEGIN.length(), end)).as("regenerate with -Dsparkgate.docs.write=true")
                .isEqualTo(rendered);
    }

    // The JSON names of a model type's fields, recursing into sparkgate's own v1beta2 types.
    private void walk(Class<?> type, String prefix, Set<String> out) {
        if (type == DriverSpec.class || type == ExecutorSpec.class) {
            String own = type == DriverSpec.class ? "spec.driver" : "spec.executor";
            fields(type, false).forEach(f -> add(f.getName(), f.getGenericType(), own, out));
            fields(SparkPodSpec.class, true).forEach(f -> add(f.getName(), f.getGenericType(), "spec.<role>", out));
            return;
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                JsonProperty p = c.getAnnotation(JsonProperty.class);
                add(p != null && !p.value().isEmpty() ? p.value() : c.getName(), c.getGenericType(), prefix, out);
            }
            return;
        }
        fields(type, true).forEach(f -> add(f.getName(), f.getGenericType(), prefix, out));
    }

    private static List<Field> fields(Class<?> type, boolean inherited) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = inherited ? c.getSuperclass() : null) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(JsonProperty.class)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private void add(String name, Type type, String prefix, Set<String> out) {
        String path = prefix + "." + name;
        Class<?> element = element(type);
        if (element != SparkApplicationSpec.class && element.getPackageName().equals("io.sparkgate.api.v1beta2")
                && !element.isEnum()) {
            blocks.add(path);
            walk(element, path, out);
        } else {
            out.add(path);
        }
    }

    private static Class<?> element(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return element(args[args.length - 1]);
        }
        return type instanceof Class<?> c ? c : Object.class;
    }
}
