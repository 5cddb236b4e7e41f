package io.sparkgate.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The structural OpenAPI v3 schema of one of the chart's CRDs, read the way kube-apiserver reads it to prune:
 * a field an object schema does not declare is unknown (unless the schema says
 * {@code x-kubernetes-preserve-unknown-fields}, or is a map through {@code additionalProperties}); arrays
 * are checked item by item. The root's {@code apiVersion}, {@code kind} and {@code metadata} are the API server's
 * own and are not looked at. The CRD files are the chart's, packaged into this jar, so the warnings and the
 * API server's pruning come from the same schema.
 */
public final class StructuralSchema {
    /** The SparkApplication CRD's schema. */
    public static final String SPARK_APPLICATIONS = ChartCrds.SPARK_APPLICATIONS;
    /** The ScheduledSparkApplication CRD's schema. */
    public static final String SCHEDULED_SPARK_APPLICATIONS = ChartCrds.SCHEDULED_SPARK_APPLICATIONS;
    /** The SparkPolicy CRD's schema. */
    public static final String SPARK_POLICIES = ChartCrds.SPARK_POLICIES;

    private static final Map<String, StructuralSchema> LOADED = new ConcurrentHashMap<>();
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    private final JsonNode root;

    private StructuralSchema(JsonNode root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * A field the schema does not declare.
     *
     * @param path       its path as the API server prints it, e.g. {@code spec.executor.instnces} or
     *                   {@code spec.volumes[0].hostpath}
     * @param suggestion the declared sibling it is closest to (a typo of it), or null
     */
    public record UnknownField(String path, String suggestion) {
        /** The warning, worded as kube-apiserver's, with a "did you mean" where one is close. */
        public String warning() {
            return "unknown field \"" + path + "\"" + (suggestion == null ? "" : " (did you mean \"" + suggestion
                    + "\"?)");
        }
    }

    /** The schema of the first version of a CRD file of the chart ({@link #SPARK_APPLICATIONS}, ...). */
    public static StructuralSchema of(String crdFile) {
        return LOADED.computeIfAbsent(crdFile, file -> ofCrd(ChartCrds.tree(file)));
    }

    /** The schema of a CRD given as a tree (its first version's {@code openAPIV3Schema}). */
    public static StructuralSchema ofCrd(JsonNode crd) {
        JsonNode schema = crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
        if (!schema.isObject()) {
            throw new IllegalArgumentException("not a CRD with an openAPIV3Schema: "
                    + crd.path("metadata").path("name").asText("?"));
        }
        return new StructuralSchema(schema);
    }

    /** The fields of {@code object} the schema does not declare, in document order. */
    public List<UnknownField> unknownFields(JsonNode object) {
        List<UnknownField> out = new ArrayList<>();
        walk(object, root, "", true, out, false);
        return out;
    }

    /**
     * Removes the fields the schema does not declare from {@code object}, as the API server prunes them before
     * it stores the object.
     *
     * @return what was removed
     */
    public List<UnknownField> prune(ObjectNode object) {
        List<UnknownField> out = new ArrayList<>();
        walk(object, root, "", true, out, true);
        return out;
    }

    private static void walk(JsonNode value, JsonNode schema, String path, boolean top, List<UnknownField> out,
                             boolean prune) {
        if (value == null || schema == null || schema.isMissingNode()) {
            return;
        }
        if (value.isArray()) {
            JsonNode items = schema.path("items");
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), items, path + "[" + i + "]", false, out, prune);
            }
            return;
        }
        if (!value.isObject() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        if (!properties.isObject() && additional.isObject()) {
            value.fields().forEachRemaining(e -> walk(e.getValue(), additional, path + "." + e.getKey(), false,
                    out, prune));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            if (top && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"))) {
                continue;
            }
            JsonNode declared = properties.path(name);
            if (declared.isMissingNode()) {
                out.add(new UnknownField(at, closest(name, properties)));
                if (prune) {
                    fields.remove();
                }
                continue;
            }
            walk(e.getValue(), declared, at, false, out, prune);
        }
    }

    /** The declared field {@code name} is a typo of: within 2 edits (1 for short names), ignoring case. */
    private static String closest(String name, JsonNode properties) {
        String typed = name.toLowerCase(Locale.ROOT);
        int allowed = typed.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            int d = DISTANCE.apply(typed, candidate.toLowerCase(Locale.ROOT));
            if (d >= 0 && d <= allowed && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }
}
