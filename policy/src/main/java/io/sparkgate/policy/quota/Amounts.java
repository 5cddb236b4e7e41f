package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Converts Kubernetes quantities to the units quotas count in, and formats amounts for messages. */
public final class Amounts {
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);

    private Amounts() {
    }

    /** A CPU quantity ({@code 2}, {@code 500m}, {@code 1.5}) in millicores, rounded up; errors name the field. */
    public static long cpuMillis(Quantity q, String field) {
        BigDecimal cores = amount(q, field);
        return cores.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** A memory quantity ({@code 64Gi}, {@code 1G}, {@code 512Mi}) in MiB, rounded up; errors name the field. */
    public static long memoryMiB(Quantity q, String field) {
        return amount(q, field).divide(MIB, 0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal amount(Quantity q, String field) {
        if (q == null || q.getAmount() == null || q.getAmount().isBlank()) {
            throw new IllegalArgumentException(field + ": empty quantity");
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
