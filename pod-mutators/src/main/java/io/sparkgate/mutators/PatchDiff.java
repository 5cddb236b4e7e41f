package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The RFC 6902 patch from one pod tree to another, shaped for what mutators do: keys added, removed or replaced
 * in objects; arrays compared index by index, with appended entries added at {@code -}, trailing ones removed,
 * except a list of scalars changed in the middle (container args), which is replaced whole;
 * numbers compared by value (a {@code 30} read as int equals a {@code 30} written from a long). Only
 * {@code add}, {@code remove} and {@code replace} are emitted, each at the deepest path that changed, so an env
 * value replaced in place is one {@code replace} of {@code .../env/6/value}. Keys are escaped as JSON pointers
 * ({@code nvidia.com/gpu} → {@code nvidia.com~1gpu}).
 *
 * <p>Replaces json-patch's {@code JsonDiff}, whose longest-common-subsequence search took about 70% of a
 * mutation of a real driver pod (see docs/benchmarks.md); the result is checked against json-patch's
 * {@code JsonPatch.apply} in the tests.
 */
public final class PatchDiff {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PatchDiff() {
    }

    /** The operations that turn {@code from} into {@code to}; empty when they are equal. */
    public static ArrayNode diff(JsonNode from, JsonNode to) {
        ArrayNode ops = NODES.arrayNode();
        diff(new StringBuilder(128), from, to, ops);
        return ops;
    }

    private static void diff(StringBuilder path, JsonNode a, JsonNode b, ArrayNode ops) {
        if (a.isObject() && b.isObject()) {
            diffObjects(path, a, b, ops);
        } else if (a.isArray() && b.isArray()) {
            diffArrays(path, a, b, ops);
        } else if (!sameValue(a, b)) {
            ops.add(op("replace", path).set("value", b));
        }
    }

    private static void diffObjects(StringBuilder path, JsonNode a, JsonNode b, ArrayNode ops) {
        int len = path.length();
        // Both trees mostly list the same keys in the same order: walk them side by side and look a key up only
        // where they part. When every key matched in place, b has no key a lacks, so there is nothing to add.
        Iterator<Map.Entry<String, JsonNode>> inB = b.fields();
        boolean inStep = a.size() == b.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map.Entry<String, JsonNode> next = inStep && inB.hasNext() ? inB.next() : null;
            inStep = next != null && next.getKey().equals(e.getKey());
            JsonNode other = inStep ? next.getValue() : b.get(e.getKey());
            if (other != null && sameScalar(e.getValue(), other)) {
                continue; // most keys of a pod: no path needs to be written for them
            }
            appendKey(path, e.getKey());
            if (other == null) {
                ops.add(op("remove", path));
            } else {
                diff(path, e.getValue(), other, ops);
            }
            path.setLength(len);
        }
        if (inStep) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!a.has(e.getKey())) {
                appendKey(path, e.getKey());
                ops.add(op("add", path).set("value", e.getValue()));
                path.setLength(len);
            }
        }
    }

    private static void diffArrays(StringBuilder path, JsonNode a, JsonNode b, ArrayNode ops) {
        // The cheap scalar checks first: a deep prefix comparison of lists of objects (env, volumes) costs a walk.
        if (a.size() != b.size() && isScalars(a) && isScalars(b) && !startsWith(b, a)) {
            // A list of strings that grew or shrank in the middle (container args) reads best as one replace.
            ops.add(op("replace", path).set("value", b));
            return;
        }
        int len = path.length();
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            if (sameScalar(a.get(i), b.get(i))) {
                continue;
            }
            path.append('/').append(i);
            diff(path, a.get(i), b.get(i), ops);
            path.setLength(len);
        }
        for (int i = common; i < b.size(); i++) {
            path.append("/-");
            ops.add(op("add", path).set("value", b.get(i)));
            path.setLength(len);
        }
        // Remove from the end so each index is still valid when its operation applies.
        for (int i = a.size() - 1; i >= common; i--) {
            path.append('/').append(i);
            ops.add(op("remove", path));
            path.setLength(len);
        }
    }

    private static boolean startsWith(JsonNode longer, JsonNode prefix) {
        if (longer.size() < prefix.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).equals(longer.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isScalars(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** Whether both are the same scalar, so there is nothing to diff below them. */
    private static boolean sameScalar(JsonNode a, JsonNode b) {
        return a.isValueNode() && b.isValueNode() && sameValue(a, b);
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.canConvertToLong() && b.canConvertToLong() ? a.longValue() == b.longValue()
                        : a.bigIntegerValue().equals(b.bigIntegerValue());
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static ObjectNode op(String name, StringBuilder path) {
        ObjectNode op = NODES.objectNode();
        op.put("op", name);
        op.put("path", path.toString());
        return op;
    }

    private static void appendKey(StringBuilder path, String key) {
        path.append('/');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '~') {
                path.append("~0");
            } else if (c == '/') {
                path.append("~1");
            } else {
                path.append(c);
            }
        }
    }
}
