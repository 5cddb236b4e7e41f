package io.sparkgate.testing.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.sparkgate.api.LabelSelectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code labelSelector} and {@code fieldSelector} of a list, watch or delete-collection request. Label terms
 * ({@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k}, {@code k in (a,b)}, {@code k notin (a,b)}) become
 * a {@link LabelSelector} matched by the api module's {@link LabelSelectors}, the one label-selector implementation;
 * the field selectors served are {@code metadata.name} and {@code metadata.namespace}, as for every resource, and
 * the ones kubectl and Spark use on events and pods ({@code involvedObject.*}, {@code reason}, {@code type},
 * {@code source}, {@code spec.nodeName}, {@code status.phase} ...), read from the object.
 *
 * @param labels the label terms as a selector
 * @param fields the field terms
 */
record ListSelector(LabelSelector labels, List<Predicate<StoredObject>> fields) {
    /** Fields beyond metadata that kube-apiserver lets events and pods be selected by. */
    private static final java.util.Set<String> OBJECT_FIELDS = java.util.Set.of("reason", "type",
            "reportingComponent", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName");
    private static final Pattern SET_TERM = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");
    private static final Pattern EQUALITY = Pattern.compile("^([^!=\\s]+)\\s*(==|=|!=)\\s*(\\S*)$");

    /** Matches everything. */
    static final ListSelector ALL = new ListSelector(new LabelSelector(), List.of());

    /**
     * Parses the query parameters (either may be null or empty).
     *
     * @throws IllegalArgumentException a term it does not understand, worded like kube-apiserver's 400
     */
    static ListSelector parse(String labelSelector, String fieldSelector) {
        Map<String, String> equal = new HashMap<>();
        List<LabelSelectorRequirement> expressions = new ArrayList<>();
        for (String term : split(labelSelector)) {
            labelTerm(term, equal, expressions);
        }
        List<Predicate<StoredObject>> fields = new ArrayList<>();
        for (String term : split(fieldSelector)) {
            fields.add(fieldTerm(term));
        }
        return new ListSelector(new LabelSelector(expressions, equal), List.copyOf(fields));
    }

    /** The same selector restricted to one object name (a watch of a path that names an object). */
    ListSelector withName(String name) {
        List<Predicate<StoredObject>> more = new ArrayList<>(fields);
        more.add(o -> o.name().equals(name));
        return new ListSelector(labels, List.copyOf(more));
    }

    /** Whether the object matches every term. */
    boolean matches(StoredObject object) {
        for (Predicate<StoredObject> field : fields) {
            if (!field.test(object)) {
                return false;
            }
        }
        return LabelSelectors.matches(labels, object.labels());
    }

    private static void labelTerm(String term, Map<String, String> equal, List<LabelSelectorRequirement> expressions) {
        Matcher set = SET_TERM.matcher(term);
        if (set.matches()) {
            List<String> values = List.of(set.group(3).trim().split("\\s*,\\s*"));
            expressions.add(requirement(set.group(1), set.group(2).equals("in") ? "In" : "NotIn", values));
            return;
        }
        Matcher eq = EQUALITY.matcher(term);
        if (eq.matches()) {
            if (eq.group(2).equals("!=")) {
                expressions.add(requirement(eq.group(1), "NotIn", List.of(eq.group(3))));
            } else {
                equal.put(eq.group(1), eq.group(3));
            }
            return;
        }
        if (term.matches("!\\s*[^!=\\s()]+")) {
            expressions.add(requirement(term.substring(1).trim(), "DoesNotExist", null));
        } else if (term.matches("[^!=\\s()]+")) {
            expressions.add(requirement(term, "Exists", null));
        } else {
            throw new IllegalArgumentException("unable to parse requirement: \"" + term + "\"");
        }
    }

    private static LabelSelectorRequirement requirement(String key, String operator, List<String> values) {
        return new LabelSelectorRequirement(key, operator, values);
    }

    private static Predicate<StoredObject> fieldTerm(String term) {
        Matcher eq = EQUALITY.matcher(term);
        if (!eq.matches()) {
            throw new IllegalArgumentException("invalid selector: '" + term + "'; can't understand '" + term + "'");
        }
        String value = eq.group(3);
        Predicate<StoredObject> p = switch (eq.group(1)) {
            case "metadata.name" -> o -> o.name().equals(value);
            case "metadata.namespace" -> o -> o.namespace().equals(value);
            default -> {
                if (!OBJECT_FIELDS.contains(eq.group(1)) && !eq.group(1).startsWith("involvedObject.")) {
                    throw new IllegalArgumentException("field label not supported: " + eq.group(1));
                }
                String[] path = eq.group(1).split("\\.");
                yield o -> {
                    com.fasterxml.jackson.databind.JsonNode n = o.tree();
                    for (String part : path) {
                        n = n.path(part);
                    }
                    return n.asText("").equals(value);
                };
            }
        };
        return eq.group(2).equals("!=") ? p.negate() : p;
    }

    /** Splits on commas outside parentheses. */
    private static List<String> split(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return terms;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i).trim());
                start = i + 1;
            }
        }
        terms.add(selector.substring(start).trim());
        return terms;
    }
}
