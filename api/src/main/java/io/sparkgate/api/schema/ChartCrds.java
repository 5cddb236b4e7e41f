package io.sparkgate.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chart's CRD files, packaged into the sparkgate-api jar (from {@code charts/sparkgate/crds}): the one place
 * their schemas, printer columns and the dev cluster's CRDs are read from, each file parsed once.
 */
public final class ChartCrds {
    /** The SparkApplication CRD. */
    public static final String SPARK_APPLICATIONS = "sparkoperator.k8s.io_sparkapplications.yaml";
    /** The ScheduledSparkApplication CRD. */
    public static final String SCHEDULED_SPARK_APPLICATIONS = "sparkoperator.k8s.io_scheduledsparkapplications.yaml";
    /** The SparkPolicy CRD. */
    public static final String SPARK_POLICIES = "sparkgate.io_sparkpolicies.yaml";
    /** Every CRD the chart installs. */
    public static final List<String> ALL = List.of(SPARK_APPLICATIONS, SCHEDULED_SPARK_APPLICATIONS, SPARK_POLICIES);

    private static final Map<String, JsonNode> READ = new ConcurrentHashMap<>();

    private ChartCrds() {
    }

    /** A CRD file as a tree (shared: callers must not change it; {@code deepCopy()} to). */
    public static JsonNode tree(String file) {
        return READ.computeIfAbsent(file, ChartCrds::read);
    }

    /** The first version's {@code additionalPrinterColumns} of a CRD file (an empty node when it has none). */
    public static JsonNode printerColumns(String file) {
        return tree(file).path("spec").path("versions").path(0).path("additionalPrinterColumns");
    }

    /**
     * The node at a printer column's JSONPath, as the API server evaluates the simple paths CRDs use:
     * {@code .status.applicationState.state}, {@code {.spec.a}}, {@code .items[0].name}, {@code .labels['k']}.
     */
    public static JsonNode at(JsonNode object, String jsonPath) {
        String p = jsonPath.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        JsonNode n = object;
        for (String part : p.replaceAll("^\\.", "").split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            int bracket = part.indexOf('[');
            n = n.path(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int end = part.indexOf(']', bracket);
                String index = part.substring(bracket + 1, end);
                n = index.matches("\\d+") ? n.path(Integer.parseInt(index)) : n.path(index.replace("'", ""));
                bracket = part.indexOf('[', end);
            }
        }
        return n;
    }

    /** A CRD file's text, for a client that reads CRDs itself (the caller closes it). */
    public static InputStream open(String file) {
        InputStream in = ChartCrds.class.getResourceAsStream("/io/sparkgate/api/crds/" + file);
        if (in == null) {
            throw new IllegalArgumentException("no CRD " + file + " in the sparkgate-api jar");
        }
        return in;
    }

    private static JsonNode read(String file) {
        try (InputStream in = open(file)) {
            return Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading CRD " + file, e);
        }
    }
}
