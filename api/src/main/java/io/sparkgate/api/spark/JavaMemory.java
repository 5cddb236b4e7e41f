package io.sparkgate.api.spark;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's memory strings ({@code 512m}, {@code 2g}, {@code 1gb}, {@code 4096}) as Spark's
 * {@code JavaUtils.byteStringAs} reads them: whole numbers, binary units, a bare number in the setting's default
 * unit (MiB for {@code spark.*.memory} and {@code *.memoryOverhead}).
 */
public final class JavaMemory {
    // Spark's JavaUtils.byteStringAs: lower-cased and trimmed, then ([0-9]+)([a-z]+)? (no space, no fraction).
    private static final Pattern FORMAT = Pattern.compile("^([0-9]+)([a-z]+)?$");

    private JavaMemory() {
    }

    /**
     * Parses a memory string into MiB, rounding down as Spark does.
     *
     * @param value   the string, e.g. {@code 2g}
     * @param field   the field it came from, named in the error
     * @throws IllegalArgumentException naming the field when the string is not a Spark memory string
     */
    public static long toMiB(String value, String field) {
        return toBytes(value, field, 1024L * 1024L) / (1024L * 1024L);
    }

    /**
     * Parses a memory string into bytes.
     *
     * @param bareUnitBytes how many bytes a bare number counts (1 MiB for Spark's memory settings)
     */
    public static long toBytes(String value, String field, long bareUnitBytes) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": memory must not be empty");
        }
        if (value.length() > Quantities.MAX_LENGTH) {
            throw new IllegalArgumentException(field + ": " + Quantities.quote(value) + " (" + value.length()
                    + " characters) is too long to be a Spark memory size");
        }
        Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": " + Quantities.quote(value)
                    + " is not a Spark memory size (a whole number with an optional unit k, m, g, t or p, e.g. 512m or 2g)");
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": \"" + value + "\" is too large", e);
        }
        long unit = m.group(2) == null ? bareUnitBytes : unitBytes(m.group(2), value, field);
        if (number > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException(field + ": \"" + value + "\" is too large");
        }
        return number * unit;
    }

    private static long unitBytes(String suffix, String value, String field) {
        return switch (suffix) {
            case "b" -> 1L;
            case "k", "kb" -> 1L << 10;
            case "m", "mb" -> 1L << 20;
            case "g", "gb" -> 1L << 30;
            case "t", "tb" -> 1L << 40;
            case "p", "pb" -> 1L << 50;
            default -> throw new IllegalArgumentException(field + ": \"" + value + "\" has an unknown unit \"" + suffix
                    + "\" (use k, m, g, t or p)");
        };
    }
}
