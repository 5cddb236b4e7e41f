package io.sparkgate.api;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kubernetes label selectors: matching labels against one, and the API server's validation of one. Shared by policy
 * (which namespaces a SparkPolicy selects) and the API emulation (which objects a webhook configuration selects).
 */
public final class LabelSelectors {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelSelectors() {
    }

    /** Whether the labels match the selector: every {@code matchLabels} entry and every expression holds. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false; // validation refuses other operators before a selector is used
        };
    }

    /** The problems of a selector, each naming its field under {@code field}; empty when it is valid. */
    public static List<String> validate(LabelSelector selector, String field) {
        List<String> problems = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> {
                checkKey(k, field + ".matchLabels", problems);
                checkValue(v, field + ".matchLabels[" + k + "]", problems);
            });
        }
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        for (int i = 0; i < exprs.size(); i++) {
            validate(exprs.get(i), field + ".matchExpressions[" + i + "]", problems);
        }
        return problems;
    }

    private static void validate(LabelSelectorRequirement r, String field, List<String> problems) {
        checkKey(r.getKey(), field + ".key", problems);
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator();
        if ("In".equals(op) || "NotIn".equals(op)) {
            if (values.isEmpty()) {
                problems.add(field + ".values: must be non-empty when operator is " + op);
            }
            for (int i = 0; i < values.size(); i++) {
                checkValue(values.get(i), field + ".values[" + i + "]", problems);
            }
        } else if ("Exists".equals(op) || "DoesNotExist".equals(op)) {
            if (!values.isEmpty()) {
                problems.add(field + ".values: must be empty when operator is " + op);
            }
        } else {
            problems.add(field + ".operator: \"" + op + "\" is not one of In, NotIn, Exists, DoesNotExist");
        }
    }

    private static void checkKey(String key, String field, List<String> problems) {
        if (key == null || key.isEmpty()) {
            problems.add(field + ": a label key must not be empty");
            return;
        }
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            problems.add(field + ": \"" + key + "\" has an invalid prefix (a DNS subdomain, e.g. example.com)");
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            problems.add(field + ": \"" + key + "\" is not a valid label key (at most 63 alphanumerics, '-', '_' "
                    + "or '.', starting and ending alphanumeric, with an optional DNS prefix and '/')");
        }
    }

    private static void checkValue(String value, String field, List<String> problems) {
        if (value == null || value.length() > 63 || !NAME.matcher(value).matches()) {
            problems.add(field + ": \"" + value + "\" is not a valid label value (at most 63 alphanumerics, '-', "
                    + "'_' or '.', starting and ending alphanumeric)");
        }
    }
}
