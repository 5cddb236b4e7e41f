package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkgate.api.spark.Quantities;
import java.math.BigDecimal;

/** Converts Kubernetes quantities to the units quotas count in, and formats amounts for messages. */
public final class Amounts {

    private Amounts() {
    }

    /**
     * A CPU quantity ({@code 2}, {@code 500m}, {@code 1.5}) in millicores, rounded up; errors (including amounts
     * too large to count) name the field. Bounded by {@link Quantities} before any arithmetic.
     */
    public static long cpuMillis(Quantity q, String field) {
        return Quantities.cpuMillis(text(q, field), field);
    }

    /** A memory quantity ({@code 64Gi}, {@code 1G}, {@code 512Mi}) in MiB, rounded up; errors name the field. */
    public static long memoryMiB(Quantity q, String field) {
        return Quantities.memoryMiB(text(q, field), field);
    }

    private static String text(Quantity q, String field) {
        String text = Quantities.text(q);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": empty quantity");
        }
        return text;
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
