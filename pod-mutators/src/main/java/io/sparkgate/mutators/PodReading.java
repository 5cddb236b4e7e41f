package io.sparkgate.mutators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.sparkgate.api.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads an admitted pod tree as a fabric8 {@link Pod}, or says which field makes it unreadable, the way the API
 * server rejects an invalid object ({@code spec.containers: expected an array, got a string}). A readable pod has
 * its null lists (which serialise exactly like empty ones) replaced by empty lists, so mutators never meet a null
 * list; absent metadata and spec stay absent, so the patch does not invent them.
 */
final class PodReading {
    private PodReading() {
    }

    /**
     * The pod, or why the tree is not one.
     *
     * @param pod     the pod read, or null when invalid
     * @param problem the field and what is wrong with it, or null when readable
     */
    record Read(Pod pod, String problem) {
    }

    /** Reads {@code tree}; never throws for a bad shape. */
    static Read read(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return new Read(null, "the object must be a JSON object (a Pod), got " + describe(tree));
        }
        String nullEntry = hasNullEntry(tree) ? nullEntry(tree, new StringBuilder()) : null;
        if (nullEntry != null) {
            return new Read(null, nullEntry + ": a list entry must not be null");
        }
        try {
            Pod pod = Json.mapper().treeToValue(tree, Pod.class);
            fillNullLists(pod);
            return new Read(pod, null);
        } catch (JsonMappingException e) {
            return new Read(null, describe(e, tree));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Read(null, "not a valid Pod: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Whether any list in the tree has a null entry: the scan every admission pays, so it builds no paths and
     * allocates nothing; {@link #nullEntry} names the entry only for the rare pod that has one.
     */
    private static boolean hasNullEntry(JsonNode node) {
        if (node.isContainerNode()) {
            boolean array = node.isArray();
            for (JsonNode child : node) {
                if (array && child.isNull() || hasNullEntry(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The path of the first null entry of any list in the tree, or null. Depth is bounded by the parser. */
    private static String nullEntry(JsonNode node, StringBuilder path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                int mark = path.length();
                path.append('[').append(i).append(']');
                JsonNode item = node.get(i);
                String found = item.isNull() ? path.toString() : nullEntry(item, path);
                if (found != null) {
                    return found;
                }
                path.setLength(mark);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int mark = path.length();
                path.append(path.length() == 0 ? "" : ".").append(e.getKey());
                String found = nullEntry(e.getValue(), path);
                if (found != null) {
                    return found;
                }
                path.setLength(mark);
            }
        }
        return null;
    }

    /** A mapping error as {@code spec.containers[0].ports: expected an array, got a string}. */
    private static String describe(JsonMappingException e, JsonNode tree) {
        StringBuilder path = new StringBuilder();
        JsonNode at = tree;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                at = at == null ? null : at.get(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
                at = at == null ? null : at.get(r.getIndex());
            }
        }
        String where = path.length() == 0 ? "the Pod" : path.toString();
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && at != null) {
            return where + ": expected " + expected(m.getTargetType()) + ", got " + describe(at);
        }
        Throwable cause = e.getCause();
        String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        return where + ": " + firstLine(why);
    }

    private static String expected(Class<?> type) {
        JavaType t = Json.mapper().constructType(type);
        if (t.isCollectionLikeType() || t.isArrayType()) {
            return "an array";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        return "an object";
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.replace("io.fabric8.kubernetes.api.model.", "").replace("java.util.", "")
                .replace("java.lang.", "");
    }

    /** Null lists the mutators edit become empty lists; both serialise the same (omitted). */
    private static void fillNullLists(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getContainers() == null) {
            spec.setContainers(new ArrayList<>());
        }
        if (spec.getInitContainers() == null) {
            spec.setInitContainers(new ArrayList<>());
        }
        if (spec.getVolumes() == null) {
            spec.setVolumes(new ArrayList<>());
        }
        if (spec.getTolerations() == null) {
            spec.setTolerations(new ArrayList<>());
        }
        fillNullLists(spec.getContainers());
        fillNullLists(spec.getInitContainers());
    }

    private static void fillNullLists(List<Container> containers) {
        for (Container c : containers) {
            if (c.getEnv() == null) {
                c.setEnv(new ArrayList<>());
            }
            if (c.getEnvFrom() == null) {
                c.setEnvFrom(new ArrayList<>());
            }
            if (c.getVolumeMounts() == null) {
                c.setVolumeMounts(new ArrayList<>());
            }
            if (c.getPorts() == null) {
                c.setPorts(new ArrayList<>());
            }
            if (c.getArgs() == null) {
                c.setArgs(new ArrayList<>());
            }
            if (c.getCommand() == null) {
                c.setCommand(new ArrayList<>());
            }
        }
    }
}
