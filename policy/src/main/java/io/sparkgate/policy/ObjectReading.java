package io.sparkgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.sparkgate.api.Json;

/** Reads admitted JSON into model objects, turning codec errors into messages that name the field. */
public final class ObjectReading {
    /**
     * The mapper for SparkApplications and ScheduledSparkApplications: integer and boolean fields take only
     * integers and booleans, as kubeflow's CRD schema and its Go types do, instead of Jackson silently reading
     * {@code cores: 1.5} as 1 or {@code instances: "2"} as 2.
     */
    public static final ObjectMapper TYPED = typed();

    private ObjectReading() {
    }

    private static ObjectMapper typed() {
        ObjectMapper m = Json.mapper().copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        }
        return m;
    }

    /**
     * Reads {@code tree} as {@code type}.
     *
     * @throws IllegalArgumentException naming the field path, e.g. {@code spec.driver.cores: ...}
     */
    public static <T> T read(ObjectMapper mapper, JsonNode tree, Class<T> type) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(type.getSimpleName() + ": expected an object");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e, type.getSimpleName()), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A Jackson mapping error as {@code spec.quota.maxCpu: unknown field (...)}, naming the path. */
    public static String describe(JsonMappingException e, String kind) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String where = path.length() == 0 ? kind : path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            return where + ": unknown field (known fields: " + String.join(", ", u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().toList()) + ")";
        }
        Throwable cause = e.getCause();
        String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        return where + ": " + why;
    }
}
