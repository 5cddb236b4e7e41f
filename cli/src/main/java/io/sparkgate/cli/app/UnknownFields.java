package io.sparkgate.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.schema.StructuralSchema;
import java.io.PrintWriter;
import java.util.List;

/**
 * The client side of "no silent typos": the fields of a manifest its CRD schema does not declare, printed as
 * kubectl prints the API server's warnings ({@code Warning: unknown field "spec.executor.instnces" (did you mean
 * "instances"?)}), or refused as bad input under {@code --strict} (the API server's {@code fieldValidation=Strict}).
 */
public final class UnknownFields {
    private UnknownFields() {
    }

    /** The unknown fields of a SparkApplication, ScheduledSparkApplication or SparkPolicy; none for other kinds. */
    public static List<StructuralSchema.UnknownField> of(JsonNode manifest) {
        String crd = switch (manifest.path("kind").asText()) {
            case "SparkApplication" -> StructuralSchema.SPARK_APPLICATIONS;
            case "ScheduledSparkApplication" -> StructuralSchema.SCHEDULED_SPARK_APPLICATIONS;
            case "SparkPolicy" -> StructuralSchema.SPARK_POLICIES;
            default -> null;
        };
        return crd == null ? List.of() : StructuralSchema.of(crd).unknownFields(manifest);
    }

    /**
     * Prints a warning per unknown field of {@code manifest} on {@code err}, or, when {@code strict}, refuses it.
     *
     * @throws CliFailure (bad input) naming every unknown field, when {@code strict} and there is one
     */
    public static void check(JsonNode manifest, String file, boolean strict, PrintWriter err) {
        List<StructuralSchema.UnknownField> unknown = of(manifest);
        if (unknown.isEmpty()) {
            return;
        }
        if (strict) {
            throw CliFailure.badInput(file + ": " + String.join("; ", unknown.stream()
                    .map(StructuralSchema.UnknownField::warning).toList()) + " (--strict)");
        }
        unknown.forEach(u -> err.println("Warning: " + u.warning()));
        err.flush();
    }
}
