package io.sparkgate.api.spark;

import java.util.Locale;

/**
 * Conf values read exactly as Spark's {@code ConfigBuilder} reads them, so a rule sparkgate checks cannot be
 * stepped around with a spelling Spark accepts: booleans and whole numbers are trimmed, booleans are
 * case-insensitive ({@code " TRUE"} is true to Spark, so it is true here), and anything else is refused with the
 * key named — where Spark itself would fail the app at start.
 */
public final class SparkValues {
    private SparkValues() {
    }

    /**
     * A boolean conf, as Spark's {@code toBoolean} reads it ({@code s.trim.toBoolean}).
     *
     * @param value the value, or {@code null} for the default
     * @throws IllegalArgumentException {@code <key> should be boolean (true or false), but was "<value>"}
     */
    public static boolean bool(String value, String key, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " should be boolean (true or false), but was "
                    + Quantities.quote(value));
        };
    }

    /**
     * A whole-number conf, as Spark's {@code toLong} reads it ({@code s.trim.toLong}), at most 19 digits.
     *
     * @throws IllegalArgumentException {@code <key>: "<value>" is not a whole number}
     */
    public static long whole(String value, String key) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.length() > 20) {
            throw new IllegalArgumentException(key + ": " + Quantities.quote(value) + " is not a whole number");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": " + Quantities.quote(value) + " is not a whole number", e);
        }
    }
}
