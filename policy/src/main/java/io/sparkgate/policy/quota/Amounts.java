package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts Kubernetes quantities to the units quotas count in, and formats amounts for messages. */
public final class Amounts {
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);
    /**
     * Kubernetes' quantity syntax (k8s.io/apimachinery resource.Quantity): a signed decimal number and a binary
     * or decimal suffix, or a decimal exponent (group 3).
     */
    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE]([+-]?\\d+))?");
    /** Longer numbers, or exponents beyond this, exceed any amount a long counts in millicores or MiB. */
    private static final int MAX_DIGITS = 40;
    private static final int MAX_EXPONENT = 40;

    private Amounts() {
    }

    /**
     * A CPU quantity ({@code 2}, {@code 500m}, {@code 1.5}) in millicores, rounded up; errors (including amounts
     * too large to count) name the field.
     */
    public static long cpuMillis(Quantity q, String field) {
        BigDecimal cores = amount(q, field);
        return exact(cores.movePointRight(3).setScale(0, RoundingMode.CEILING), q, field);
    }

    /** A memory quantity ({@code 64Gi}, {@code 1G}, {@code 512Mi}) in MiB, rounded up; errors name the field. */
    public static long memoryMiB(Quantity q, String field) {
        return exact(amount(q, field).divide(MIB, 0, RoundingMode.CEILING), q, field);
    }

    private static long exact(BigDecimal whole, Quantity q, String field) {
        try {
            return whole.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + ": \"" + q + "\" is too large to count", e);
        }
    }

    private static BigDecimal amount(Quantity q, String field) {
        if (q == null || q.getAmount() == null || q.getAmount().isBlank()) {
            throw new IllegalArgumentException(field + ": empty quantity");
        }
        String text = q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": \"" + q + "\" is not a Kubernetes quantity");
        }
        // fabric8 expands a decimal exponent digit by digit: 1e999999999 would take seconds (and the rounding
        // below minutes), so an amount no quota can count is refused before it is computed.
        if (m.group(1).length() > MAX_DIGITS || (m.group(3) != null && (m.group(3).length() > 4
                || Math.abs(Integer.parseInt(m.group(3))) > MAX_EXPONENT))) {
            throw new IllegalArgumentException(field + ": \"" + q + "\" is too large to count");
        }
        BigDecimal value;
        try {
            value = q.getNumericalAmount();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": \"" + q + "\" is not a Kubernetes quantity", e);
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + q);
        }
        return value;
    }

    /** Millicores as cores: {@code 12}, {@code 2.5}, {@code 0.25}. */
    public static String cores(long millis) {
        return BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** MiB as {@code 16Gi} when whole GiB, else {@code 2867Mi}. */
    public static String memory(long mib) {
        return mib % 1024 == 0 && mib != 0 ? (mib / 1024) + "Gi" : mib + "Mi";
    }
}
