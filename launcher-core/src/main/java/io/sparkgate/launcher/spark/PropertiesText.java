package io.sparkgate.launcher.spark;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code spark.properties} file as Spark writes it ({@code java.util.Properties.store} with a comment naming
 * the ConfigMap and a date line), but with keys sorted and the date from the given instant, so the same inputs
 * always give the same bytes.
 */
public final class PropertiesText {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US).withZone(ZoneId.of("UTC"));

    private PropertiesText() {
    }

    /** Writes the properties file Spark's driver reads. */
    public static String write(String configMapName, Map<String, String> props, Instant when) {
        StringBuilder out = new StringBuilder(64 * props.size() + 128);
        out.append("#Java properties built from Kubernetes config map with name: ").append(configMapName).append('\n');
        out.append('#').append(DATE.format(when)).append('\n');
        new TreeMap<>(props).forEach((k, v) -> {
            escape(out, k, true);
            out.append('=');
            escape(out, v, false);
            out.append('\n');
        });
        return out.toString();
    }

    /** Reads a properties file back into a map, as Spark's driver does. */
    public static Map<String, String> read(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    // The escaping of Properties.store (saveConvert): spaces in keys, a leading space in values, the separators
    // and comment characters, control characters, and everything outside printable ASCII as \\uXXXX.
    private static void escape(StringBuilder out, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ' -> out.append(i == 0 || key ? "\\ " : " ");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
