package io.sparkgate.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.launcher.spark.PropertiesText;
import io.sparkgate.launcher.spark.RunIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One set of objects real Spark created (driver pod, Service, ConfigMap) and the random parts Spark drew for it,
 * so the launcher can be run with the same ids and compared field by field.
 */
record GoldenSet(String name, JsonNode pod, JsonNode service, JsonNode configMap, JsonNode templateConfigMap,
                 Map<String, String> properties, RunIds ids, String master) {
    private static final Pattern ID16 = Pattern.compile("([0-9a-f]{16})");

    /** Loads the Spark objects of a folder (files named {@code NNN-<Kind>-<name>.json}). */
    static GoldenSet load(Path dir) {
        JsonNode pod = only(dir, "-Pod-");
        JsonNode service = only(dir, "-Service-");
        JsonNode cm = null;
        JsonNode templateCm = null;
        for (Path p : list(dir, "-ConfigMap-")) {
            JsonNode n = read(p);
            if (n.path("data").has("spark.properties")) {
                cm = n;
            } else {
                templateCm = n;
            }
        }
        Map<String, String> props = PropertiesText.read(cm.path("data").path("spark.properties").asText());
        String appId = props.get("spark.app.id");
        String svcName = service.path("metadata").path("name").asText();
        String prefixId = firstId(pod.path("metadata").path("name").asText(), svcName);
        String svcId = svcName.startsWith("spark-") && !svcName.contains(prefixId == null ? "#" : prefixId)
                ? firstId(svcName, null) : "0000000000000000";
        String cmId = firstId(cm.path("metadata").path("name").asText(), null);
        String localDirs = "";
        for (JsonNode env : pod.path("spec").path("containers").get(0).path("env")) {
            if (env.path("name").asText().equals("SPARK_LOCAL_DIRS")) {
                localDirs = env.path("value").asText();
            }
        }
        String uuid = localDirs.startsWith("/var/data/spark-") ? localDirs.substring("/var/data/spark-".length())
                : "unused";
        RunIds ids = new RunIds(appId, "golden", prefixId == null ? "0000000000000000" : prefixId, svcId, cmId,
                uuid, Long.parseLong(props.get("spark.app.submitTime")));
        return new GoldenSet(dir.getFileName().toString(), pod, service, cm, templateCm, props, ids,
                props.get("spark.master"));
    }

    private static String firstId(String name, String alt) {
        Matcher m = ID16.matcher(name);
        if (m.find()) {
            return m.group(1);
        }
        return alt == null ? null : firstId(alt, null);
    }

    /** A JSON copy of an object without the fields the fixture's API emulation did not capture. */
    static ObjectNode comparable(Object ours, JsonNode theirs) {
        ObjectNode node = Json.mapper().valueToTree(ours);
        if (!theirs.path("metadata").has("namespace")) {
            ((ObjectNode) node.path("metadata")).remove("namespace");
        }
        return node;
    }

    private static JsonNode only(Path dir, String kind) {
        List<Path> files = list(dir, kind);
        if (files.size() != 1) {
            throw new IllegalStateException(dir + ": expected one " + kind + " file, found " + files);
        }
        return read(files.get(0));
    }

    private static List<Path> list(Path dir, String kind) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(kind)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path p) {
        try {
            return Json.mapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spark-submit arguments recorded beside a set: one per line, {@code #} lines are comments. */
    static List<String> args(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
