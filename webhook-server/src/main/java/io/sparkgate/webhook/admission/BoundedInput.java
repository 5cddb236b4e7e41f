package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.spark.Quantities;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the first resource quantity of an admitted object that sparkgate could not read in bounded time, before any
 * of it is turned into a model: fabric8's {@code Quantity.equals} and {@code hashCode} expand a decimal exponent
 * digit by digit, so one {@code requests.cpu: 1e10000000} in a pod, a pod template or a sidecar would cost seconds
 * in the first comparison of two containers. Every value under {@code requests}, {@code limits} and
 * {@code overhead} maps and every {@code sizeLimit}, at any depth, is read by {@link Quantities} (which bounds
 * length, digits and exponent); the first that fails is named with its path.
 */
public final class BoundedInput {
    private static final Set<String> QUANTITY_MAPS = Set.of("requests", "limits", "overhead");
    private static final Set<String> QUANTITY_FIELDS = Set.of("sizeLimit");

    private BoundedInput() {
    }

    /** The problem with the first unreadable quantity of {@code object}, naming its path; empty when all read. */
    public static Optional<String> problem(JsonNode object) {
        if (object == null || !object.isContainerNode()) {
            return Optional.empty();
        }
        Deque<String> path = new ArrayDeque<>();
        return Optional.ofNullable(scan(object, path));
    }

    private static String scan(JsonNode node, Deque<String> path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.addLast("[" + i + "]");
                String problem = scan(node.get(i), path);
                path.removeLast();
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode value = e.getValue();
            path.addLast(e.getKey());
            String problem;
            if (QUANTITY_MAPS.contains(e.getKey()) && value.isObject()) {
                problem = quantities(value, path);
            } else if (QUANTITY_FIELDS.contains(e.getKey()) && value.isValueNode() && !value.isNull()) {
                problem = quantity(value, path);
            } else if (value.isContainerNode()) {
                problem = scan(value, path);
            } else {
                problem = null;
            }
            path.removeLast();
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String quantities(JsonNode map, Deque<String> path) {
        Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            path.addLast(e.getKey());
            String problem = e.getValue().isContainerNode() ? scan(e.getValue(), path) : quantity(e.getValue(), path);
            path.removeLast();
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String quantity(JsonNode value, Deque<String> path) {
        if (value.isNull()) {
            return null;
        }
        try {
            Quantities.parse(value.asText(), join(path), "a Kubernetes quantity");
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String join(Deque<String> path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            if (!out.isEmpty() && !segment.startsWith("[")) {
                out.append('.');
            }
            out.append(segment);
        }
        return out.toString();
    }
}
