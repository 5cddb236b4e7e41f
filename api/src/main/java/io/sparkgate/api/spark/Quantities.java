package io.sparkgate.api.spark;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of numeric amounts that a tenant writes, for apps, pods and policies alike: Kubernetes quantities
 * ({@code 2}, {@code 500m}, {@code 64Gi}, {@code 1e3}) and plain decimals ({@code 0.4}). Every value is bounded by
 * length, digits and exponent <em>before</em> any arithmetic, so no input costs more than a few microseconds:
 * {@code new BigDecimal("1e10000000").setScale(0)} alone takes seconds and hundreds of MiB, which on an admission
 * event loop stalls every review in the cluster.
 *
 * <p>The grammar is k8s.io/apimachinery's {@code resource.Quantity}: a signed decimal number and a binary suffix
 * ({@code Ki…Ei}), a decimal suffix ({@code n u m k M G T P E}) or a decimal exponent ({@code e3}, {@code E-2}).
 */
public final class Quantities {
    /** Longer texts are not amounts anyone writes (the longest exact long in millicores has 22 characters). */
    public static final int MAX_LENGTH = 64;
    /** More digits exceed any amount a long counts in millicores, bytes or MiB. */
    public static final int MAX_DIGITS = 40;
    /** Exponents beyond ±40 make an amount no long can count, or that rounds to zero of anything. */
    public static final int MAX_EXPONENT = 40;

    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE]([+-]?\\d+))?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d+))?");
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);

    private Quantities() {
    }

    /**
     * Parses a Kubernetes quantity exactly.
     *
     * @param text     the value as written (surrounding blanks are ignored)
     * @param field    the field it came from, named in every error
     * @param expected what the field accepts, for the error ({@code "a Kubernetes quantity"},
     *                 {@code "a CPU amount (e.g. 2, 0.5 or 500m)"})
     * @throws IllegalArgumentException {@code <field>: "<text>" is not <expected>} or {@code … is too large to
     *                                  count}, quoting at most the first 64 characters of the text
     */
    public static BigDecimal parse(String text, String field, String expected) {
        String v = bounded(text, field, expected);
        Matcher m = QUANTITY.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": " + quote(text) + " is not " + expected);
        }
        String number = m.group(1);
        String suffix = m.group(2);
        int exponent = exponent(m.group(3), text, field);
        checkMagnitude(number, exponent, text, field);
        BigDecimal value = new BigDecimal(number);
        if (suffix == null || m.group(3) != null) {
            return value.scaleByPowerOfTen(exponent);
        }
        return switch (suffix) {
            case "Ki" -> value.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> value.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> value.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> value.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> value.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> value.multiply(BigDecimal.valueOf(1L << 60));
            case "n" -> value.scaleByPowerOfTen(-9);
            case "u" -> value.scaleByPowerOfTen(-6);
            case "m" -> value.scaleByPowerOfTen(-3);
            case "k" -> value.scaleByPowerOfTen(3);
            case "M" -> value.scaleByPowerOfTen(6);
            case "G" -> value.scaleByPowerOfTen(9);
            case "T" -> value.scaleByPowerOfTen(12);
            case "P" -> value.scaleByPowerOfTen(15);
            case "E" -> value.scaleByPowerOfTen(18);
            default -> throw new IllegalArgumentException(field + ": " + quote(text) + " is not " + expected);
        };
    }

    /** A CPU quantity in millicores, rounded up as Kubernetes does; negative amounts are refused. */
    public static long cpuMillis(String text, String field) {
        return millis(nonNegative(parse(text, field, "a Kubernetes quantity"), text, field), text, field);
    }

    /** Cores that {@link #parse} read, in millicores rounded up; {@code text} and {@code field} name an overflow. */
    static long millis(BigDecimal cores, String text, String field) {
        return whole(cores.movePointRight(3), text, field);
    }

    /** A memory quantity in bytes, rounded up; negative amounts are refused. */
    public static long bytes(String text, String field) {
        return whole(nonNegative(parse(text, field, "a Kubernetes quantity"), text, field), text, field);
    }

    /** A memory quantity in MiB, rounded up; negative amounts are refused. */
    public static long memoryMiB(String text, String field) {
        BigDecimal value = nonNegative(parse(text, field, "a Kubernetes quantity"), text, field);
        return whole(value.divide(MIB, 0, RoundingMode.CEILING), text, field);
    }

    /**
     * A plain decimal number ({@code 0.4}, {@code 1e-1}) as Spark's {@code toDouble} reads it after trimming, with
     * the same bounds as quantities.
     *
     * @throws IllegalArgumentException {@code <field>: "<text>" is not a number}
     */
    public static double decimal(String text, String field) {
        String v = bounded(text, field, "a number");
        Matcher m = DECIMAL.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": " + quote(text) + " is not a number");
        }
        int exponent = exponent(m.group(1), text, field);
        checkMagnitude(v.substring(0, m.group(1) != null ? m.start(1) - 1 : v.length()), exponent, text, field);
        return Double.parseDouble(v);
    }

    /**
     * Rounds {@code value} up to a whole number and returns it as a long; only ever called on values that
     * {@link #parse} bounded, so the rounding is cheap.
     */
    private static long whole(BigDecimal value, String text, String field) {
        try {
            return value.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + ": " + quote(text) + " is too large to count", e);
        }
    }

    private static BigDecimal nonNegative(BigDecimal value, String text, String field) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + abbreviated(text));
        }
        return value;
    }

    private static String bounded(String text, String field, String expected) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be empty (expected " + expected + ")");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(field + ": " + quote(text) + " (" + text.length()
                    + " characters) is too long to be " + expected);
        }
        return text.trim();
    }

    /** The decimal exponent, at most four digits long (anything longer is far beyond {@link #MAX_EXPONENT}). */
    private static int exponent(String group, String text, String field) {
        if (group == null) {
            return 0;
        }
        int digits = group.length() - (group.startsWith("+") || group.startsWith("-") ? 1 : 0);
        if (digits > 4) {
            throw new IllegalArgumentException(field + ": " + quote(text) + " is too large to count");
        }
        return Integer.parseInt(group);
    }

    /** Refuses numbers whose digits or exponent put them beyond anything countable, before they are computed. */
    private static void checkMagnitude(String number, int exponent, String text, String field) {
        int digits = 0;
        for (int i = 0; i < number.length(); i++) {
            if (Character.isDigit(number.charAt(i))) {
                digits++;
            }
        }
        if (digits > MAX_DIGITS || Math.abs(exponent) > MAX_EXPONENT) {
            throw new IllegalArgumentException(field + ": " + quote(text) + " is too large to count");
        }
    }

    /** The text in quotes, cut to its first {@link #MAX_LENGTH} characters so an error never echoes a megabyte. */
    public static String quote(String text) {
        return text == null ? "null" : "\"" + abbreviated(text) + "\"";
    }

    private static String abbreviated(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
    }

    /** The text of a fabric8 quantity as written ({@code amount} and {@code format}), or null when it has none. */
    public static String text(Quantity q) {
        if (q == null || q.getAmount() == null) {
            return null;
        }
        return q.getFormat() == null ? q.getAmount() : q.getAmount() + q.getFormat();
    }
}
