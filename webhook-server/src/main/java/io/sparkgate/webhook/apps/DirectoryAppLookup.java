package io.sparkgate.webhook.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The SparkApplications of a directory of YAML or JSON files (multi-document YAML allowed), for {@code sparkgate dev}
 * and offline use. Other kinds in the files are ignored. An app with no namespace is in {@code default}; an app
 * with no uid gets a stable one derived from namespace and name, standing in for the uid the API server would give.
 */
public final class DirectoryAppLookup implements AppLookup {
    private final Map<String, SparkApplication> apps = new ConcurrentHashMap<>();

    private DirectoryAppLookup() {
    }

    /**
     * Reads every {@code .yaml}, {@code .yml} and {@code .json} file of {@code dir} (not its subdirectories).
     *
     * @throws IllegalArgumentException naming the file and the problem when a file cannot be read
     */
    public static DirectoryAppLookup load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("apps directory " + dir + " does not exist or is not a directory");
        }
        DirectoryAppLookup lookup = new DirectoryAppLookup();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(DirectoryAppLookup::isManifest).sorted().toList()) {
                lookup.addAll(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read apps directory " + dir + ": " + e.getMessage(), e);
        }
        return lookup;
    }

    /** A lookup of the SparkApplications in one YAML text (e.g. a resource bundled in the jar). */
    public static DirectoryAppLookup of(String source, String yaml) {
        DirectoryAppLookup lookup = new DirectoryAppLookup();
        lookup.addAll(source, yaml);
        return lookup;
    }

    @Override
    public Optional<SparkApplication> find(String namespace, String name) {
        return Optional.ofNullable(apps.get(namespace + "/" + name));
    }

    /** Every app known. */
    public java.util.Collection<SparkApplication> all() {
        return java.util.List.copyOf(apps.values());
    }

    /** The apps known, as {@code namespace/name}. */
    public List<String> names() {
        return apps.keySet().stream().sorted().toList();
    }

    private void addAll(String source, String text) {
        try (MappingIterator<JsonNode> docs = Json.yaml().readerFor(JsonNode.class).readValues(text)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && "SparkApplication".equals(doc.path("kind").asText())
                        && SparkApplication.API_VERSION.equals(doc.path("apiVersion").asText())) {
                    add(Json.mapper().treeToValue(doc, SparkApplication.class));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a valid SparkApplication manifest: " + e.getMessage(), e);
        }
    }

    private void add(SparkApplication app) {
        var meta = app.getMetadata();
        if (meta.getName() == null || meta.getName().isEmpty()) {
            throw new IllegalArgumentException("a SparkApplication has no metadata.name");
        }
        if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
            meta.setNamespace("default");
        }
        String key = meta.getNamespace() + "/" + meta.getName();
        if (meta.getUid() == null || meta.getUid().isEmpty()) {
            meta.setUid(UUID.nameUUIDFromBytes(("sparkgate-dev/" + key).getBytes(StandardCharsets.UTF_8)).toString());
        }
        apps.put(key, app);
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }
}
