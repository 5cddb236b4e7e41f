package io.sparkgate.cli.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkgate.api.Json;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Printing helpers shared by the verbs: kubectl-style ages and JSON/YAML output. */
final class Formats {
    private Formats() {
    }

    /** The age of an RFC 3339 timestamp as kubectl prints it ({@code 45s}, {@code 12m}, {@code 3h}, {@code 5d}). */
    static String age(String timestamp, Clock clock) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            Duration d = Duration.between(Instant.parse(timestamp), clock.instant());
            if (d.isNegative()) {
                return "0s";
            }
            long s = d.getSeconds();
            return s < 120 ? s + "s" : s < 7200 ? d.toMinutes() + "m" : s < 172_800 ? d.toHours() + "h" : d.toDays() + "d";
        } catch (DateTimeParseException e) {
            return timestamp;
        }
    }

    /** The objects as a kubectl-style {@code v1 List}, for {@code -o json|yaml} of several objects. */
    static Map<String, Object> list(List<?> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", items);
        return list;
    }

    /** Writes a value as pretty JSON or YAML. */
    static void print(Object value, OutputFormat format, PrintWriter out) {
        try {
            String text = format == OutputFormat.YAML ? Json.yaml().writeValueAsString(value)
                    : Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
            out.print(text);
            out.flush();
        } catch (JsonProcessingException e) {
            throw new CliFailure("cannot print the result as " + format.name().toLowerCase() + ": "
                    + e.getOriginalMessage());
        }
    }
}
