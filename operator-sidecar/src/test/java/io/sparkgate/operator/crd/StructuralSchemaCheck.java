package io.sparkgate.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a document against a CRD's structural OpenAPI v3 schema the way kube-apiserver does with strict field
 * validation (kubectl's default): unknown fields, wrong types, missing required fields and values outside an enum
 * are errors, reported with their JSON path. Fields under {@code x-kubernetes-preserve-unknown-fields} are free.
 */
public final class StructuralSchemaCheck {
    private StructuralSchemaCheck() {
    }

    /** The problems of {@code value} against {@code schema}; empty when it is valid. */
    public static List<String> check(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "", errors);
        return errors;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (value == null || value.isNull() || schema.isMissingNode()) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(path + ": must be an integer or a string");
            }
            return;
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode alternative : schema.get("anyOf")) {
                any |= check(value, alternative).isEmpty();
            }
            if (!any) {
                errors.add(path + ": matches none of anyOf");
            }
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(value, schema, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": must be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> expect(value.isTextual(), path, "a string", errors);
            case "integer" -> expect(value.isIntegralNumber(), path, "an integer", errors);
            case "number" -> expect(value.isNumber(), path, "a number", errors);
            case "boolean" -> expect(value.isBoolean(), path, "a boolean", errors);
            default -> { }
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            errors.add(path + ": unsupported value " + value + ", expected one of " + schema.get("enum"));
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": must be an object");
            return;
        }
        for (JsonNode req : schema.path("required")) {
            if (!value.has(req.asText())) {
                errors.add(path + "." + req.asText() + ": required");
            }
        }
        JsonNode props = schema.path("properties");
        boolean free = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            if (props.has(field.getKey())) {
                check(field.getValue(), props.get(field.getKey()), fieldPath, errors);
            } else if (schema.has("additionalProperties")) {
                check(field.getValue(), schema.get("additionalProperties"), fieldPath, errors);
            } else if (!free && !props.isMissingNode()) {
                errors.add(fieldPath + ": unknown field");
            }
        }
    }

    private static void expect(boolean ok, String path, String what, List<String> errors) {
        if (!ok) {
            errors.add(path + ": must be " + what);
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
