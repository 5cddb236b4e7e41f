package io.sparkgate.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Generates the two CRDs from the api model with fabric8's CRD generator, then adds what the model cannot say:
 * kubeflow's printer columns, its required fields, schemaless pod templates and enum-free status.
 */
public final class CrdGenerator {
    /** The chart file of the SparkApplication CRD, relative to the repository root. */
    public static final String SPARK_APPLICATIONS = "charts/sparkgate/crds/sparkoperator.k8s.io_sparkapplications.yaml";
    /** The chart file of the ScheduledSparkApplication CRD, relative to the repository root. */
    public static final String SCHEDULED = "charts/sparkgate/crds/sparkoperator.k8s.io_scheduledsparkapplications.yaml";

    private static final String HEADER = "# Generated from the io.sparkgate.api.v1beta2 model by CrdGenerator "
            + "(operator-sidecar tests); do not edit.\n# Regenerate: mvn -pl operator-sidecar test -Dtest=CrdSchemaTest "
            + "-Dsparkgate.crd.update=true\n";
    private static final List<String> APP_REQUIRED = List.of("driver", "executor", "sparkVersion", "type");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CrdGenerator() {
    }

    /** The generated CRD files' text, by chart path. */
    public static Map<String, String> generate() {
        return Map.of(SPARK_APPLICATIONS, render(SparkApplication.class, CrdGenerator::appColumns),
                SCHEDULED, render(ScheduledSparkApplication.class, CrdGenerator::scheduledColumns));
    }

    private static String render(Class<? extends HasMetadata> type, java.util.function.Supplier<ArrayNode> columns) {
        try {
            Path dir = Files.createTempDirectory("crd");
            new CRDGenerator().customResourceClasses(type).forCRDVersions("v1").inOutputDir(dir.toFile())
                    .detailedGenerate();
            Path file;
            try (var files = Files.list(dir)) {
                file = files.findFirst().orElseThrow();
            }
            ObjectNode crd = (ObjectNode) Json.yaml().readTree(file.toFile());
            Files.delete(file);
            Files.delete(dir);
            ObjectNode version = (ObjectNode) crd.path("spec").path("versions").get(0);
            version.set("additionalPrinterColumns", columns.get());
            ObjectNode root = (ObjectNode) version.path("schema").path("openAPIV3Schema");
            postProcess(root, type == SparkApplication.class);
            return HEADER + Json.yaml().writeValueAsString(crd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void postProcess(ObjectNode root, boolean app) {
        ObjectNode props = (ObjectNode) root.path("properties");
        ObjectNode typeMeta = F.objectNode();
        typeMeta.putObject("apiVersion").put("type", "string");
        typeMeta.putObject("kind").put("type", "string");
        typeMeta.putObject("metadata").put("type", "object");
        typeMeta.setAll(props);
        root.set("properties", typeMeta);
        props = typeMeta;
        root.set("required", F.arrayNode().add("spec"));
        ObjectNode spec = (ObjectNode) props.path("spec");
        if (app) {
            requireAppFields(spec);
        } else {
            spec.set("required", F.arrayNode().add("schedule").add("template"));
            requireAppFields((ObjectNode) spec.path("properties").path("template"));
        }
        schemalessPodTemplates(spec);
        stripEnums(props.path("status"));
        // kubeflow: an empty concurrencyPolicy means Allow, so the schema must accept "" as well.
        if (spec.path("properties").path("concurrencyPolicy") instanceof ObjectNode cp) {
            cp.remove("enum");
        }
    }

    private static void requireAppFields(ObjectNode appSpec) {
        ArrayNode required = F.arrayNode();
        APP_REQUIRED.forEach(required::add);
        appSpec.set("required", required);
    }

    /** kubeflow keeps driver/executor {@code template} schemaless: Spark merges any pod template it is given. */
    private static void schemalessPodTemplates(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (String role : List.of("driver", "executor")) {
            JsonNode roleProps = object.path("properties").path(role).path("properties");
            if (roleProps instanceof ObjectNode rp && rp.has("template")) {
                ObjectNode template = F.objectNode();
                template.put("description", "A pod template Spark merges under the pod it builds (Spark 3.0+).");
                template.put("type", "object");
                template.put("x-kubernetes-preserve-unknown-fields", true);
                rp.set("template", template);
            }
        }
        for (Iterator<JsonNode> it = object.path("properties").elements(); it.hasNext(); ) {
            schemalessPodTemplates(it.next());
        }
    }

    /** Status values are written by operators; kubeflow's schema does not restrict them. */
    private static void stripEnums(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("enum");
            object.elements().forEachRemaining(CrdGenerator::stripEnums);
        }
    }

    private static ArrayNode appColumns() {
        return columns(new String[][] {
            {"Suspend", "boolean", ".spec.suspend"},
            {"Status", "string", ".status.applicationState.state"},
            {"Attempts", "string", ".status.executionAttempts"},
            {"Start", "string", ".status.lastSubmissionAttemptTime"},
            {"Finish", "string", ".status.terminationTime"},
            {"Age", "date", ".metadata.creationTimestamp"}});
    }

    private static ArrayNode scheduledColumns() {
        return columns(new String[][] {
            {"Schedule", "string", ".spec.schedule"},
            {"TimeZone", "string", ".spec.timeZone"},
            {"Suspend", "boolean", ".spec.suspend"},
            {"Last Run", "date", ".status.lastRun"},
            {"Last Run Status", "string", ".status.scheduleState"},
            {"Age", "date", ".metadata.creationTimestamp"}});
    }

    private static ArrayNode columns(String[][] rows) {
        ArrayNode out = F.arrayNode();
        for (String[] r : rows) {
            out.addObject().put("jsonPath", r[2]).put("name", r[0]).put("type", r[1]);
        }
        return out;
    }
}
