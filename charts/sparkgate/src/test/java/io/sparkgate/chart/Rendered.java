package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects one {@code helm template} run produced, looked up by kind and name. */
record Rendered(List<JsonNode> objects) {

    /** Parses helm's multi-document YAML output, skipping empty documents. */
    static Rendered parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.yaml().readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && node.hasNonNull("kind")) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm printed invalid YAML", e);
        }
        return new Rendered(List.copyOf(objects));
    }

    /** All objects of one kind. */
    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The object of that kind and name, if rendered. */
    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    /** The object of that kind and name; fails the test when absent. */
    JsonNode get(String kind, String name) {
        Optional<JsonNode> found = find(kind, name);
        assertThat(found).as("%s/%s rendered", kind, name).isPresent();
        return found.orElseThrow();
    }

    /** The single object of that kind; fails the test when there is not exactly one. */
    JsonNode single(String kind) {
        List<JsonNode> all = ofKind(kind);
        assertThat(all).as("rendered %s objects", kind).hasSize(1);
        return all.get(0);
    }

    /** The names of all rendered objects as {@code Kind/name}. */
    List<String> names() {
        return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
                .toList();
    }
}
