package io.sparkgate.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.schema.ChartCrds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code additionalPrinterColumns} of the chart's SparkApplication CRD, so {@code sparkgate list} prints the
 * same columns, with the same values, as {@code kubectl get sparkapp}: NAME, then each column (its jsonPath read
 * from the object; {@code date} columns as ages), priority-0 columns by default and all of them with
 * {@code -o wide}.
 */
final class PrinterColumns {
    private record Column(String header, String jsonPath, String type, int priority) {
    }

    private final List<Column> columns;

    private PrinterColumns(List<Column> columns) {
        this.columns = columns;
    }

    /** The SparkApplication CRD's columns. */
    static PrinterColumns sparkApplications() {
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : ChartCrds.printerColumns(ChartCrds.SPARK_APPLICATIONS)) {
            columns.add(new Column(c.path("name").asText().toUpperCase(Locale.ROOT), c.path("jsonPath").asText(),
                    c.path("type").asText("string"), c.path("priority").asInt(0)));
        }
        return new PrinterColumns(columns);
    }

    /** The headers, NAME first (NAMESPACE before it when listing every namespace). */
    List<String> headers(boolean wide, boolean namespaces) {
        List<String> out = new ArrayList<>();
        if (namespaces) {
            out.add("NAMESPACE");
        }
        out.add("NAME");
        columns.stream().filter(c -> wide || c.priority() == 0).forEach(c -> out.add(c.header()));
        return out;
    }

    /** One object's cells, in the order of {@link #headers}. */
    List<String> cells(JsonNode object, boolean wide, boolean namespaces, Clock clock) {
        List<String> out = new ArrayList<>();
        if (namespaces) {
            out.add(object.path("metadata").path("namespace").asText());
        }
        out.add(object.path("metadata").path("name").asText());
        for (Column c : columns) {
            if (!wide && c.priority() != 0) {
                continue;
            }
            JsonNode v = ChartCrds.at(object, c.jsonPath());
            if (v.isMissingNode() || v.isNull()) {
                out.add("");
            } else if (c.type().equals("date")) {
                out.add(Formats.age(v.asText(), clock));
            } else {
                out.add(v.isValueNode() ? v.asText() : Json.write(v));
            }
        }
        return out;
    }
}
