package io.sparkgate.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a value at a field path as Kubernetes messages spell it ({@code a.b[2].c}, {@code annotations["k.io/x"]},
 * {@code [+]} to append), creating what is missing, and returns the path written with the index appended at.
 */
final class JsonPaths {
    private JsonPaths() {
    }

    /** Sets (or, for a null value, removes) the field at {@code path} under {@code root}; the concrete path. */
    static String set(ObjectNode root, String path, JsonNode value) {
        List<String> tokens = tokens(path);
        JsonNode node = root;
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean last = i == tokens.size() - 1;
            String next = last ? null : tokens.get(i + 1);
            if (t.equals("[+]")) {
                ArrayNode a = (ArrayNode) node;
                written.append('[').append(a.size()).append(']');
                if (last) {
                    a.add(value);
                } else {
                    node = next.startsWith("[") ? a.addArray() : a.addObject();
                }
                continue;
            }
            String name = t.startsWith("[\"") ? t.substring(2, t.length() - 2) : t;
            written.append(t.startsWith("[") || written.isEmpty() ? "" : ".").append(t);
            ObjectNode o = (ObjectNode) node;
            if (last) {
                if (value == null) {
                    o.remove(name);
                } else {
                    o.set(name, value);
                }
            } else if (next.equals("[+]")) {
                node = o.get(name) instanceof ArrayNode a ? a : o.putArray(name);
            } else {
                node = o.get(name) instanceof ObjectNode child ? child : o.putObject(name);
            }
        }
        return written.toString();
    }

    private static List<String> tokens(String path) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = path.charAt(i + 1) == '"' ? path.indexOf("\"]", i + 2) + 2 : path.indexOf(']', i) + 1;
                out.add(path.substring(i, end));
                i = end;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                out.add(path.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
