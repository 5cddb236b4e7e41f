package io.sparkgate.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Evaluates a rendered Kubernetes label selector against a set of labels, as the API server does. */
final class Selectors {
    private Selectors() {
    }

    /** Whether the selector (matchLabels ANDed with matchExpressions) selects the labels. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        var fields = selector.path("matchLabels").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            if (!matchesExpression(expr, labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesExpression(JsonNode expr, Map<String, String> labels) {
        String key = expr.path("key").asText();
        Set<String> values = new HashSet<>();
        expr.path("values").forEach(v -> values.add(v.asText()));
        String actual = labels.get(key);
        return switch (expr.path("operator").asText()) {
            case "In" -> actual != null && values.contains(actual);
            case "NotIn" -> actual == null || !values.contains(actual);
            case "Exists" -> actual != null;
            case "DoesNotExist" -> actual == null;
            default -> throw new IllegalArgumentException("unknown selector operator in " + expr);
        };
    }
}
