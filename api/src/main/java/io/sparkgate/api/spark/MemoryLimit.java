package io.sparkgate.api.spark;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubeflow's grammar of {@code memoryLimit}: a number with a Java suffix ({@code k|kb m|mb g|gb t|tb p|pb},
 * any case) becomes the binary Kubernetes quantity with the same number ({@code 512m} → {@code 512Mi},
 * {@code 2G} → {@code 2Gi}, {@code 1.5g} → {@code 1.5Gi}); every other value is a Kubernetes quantity taken as
 * written ({@code 10Gi}, {@code 1536Mi}, {@code 2e9}, and a bare number, which is bytes).
 *
 * <p>kubeflow's {@code ConvertJavaMemoryStringToK8sMemoryString} lower-cases only to find the suffix and then
 * trims it from the original string, so {@code 2G} becomes the invalid {@code 2GGi} there; here the suffix is
 * matched and replaced in any case, which is what kubeflow's docs promise.
 */
public final class MemoryLimit {
    /** The forms accepted, quoted in every error. */
    public static final String ACCEPTED_FORMS = "a number with a Java unit (512m, 2g, 1.5gb; k, m, g, t, p, "
            + "optionally followed by b, any case) or a Kubernetes quantity (10Gi, 1536Mi, 2e9, or plain bytes)";
    private static final Pattern JAVA = Pattern.compile("^([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)([kmgtp])b?$",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> BINARY = Map.of("k", "Ki", "m", "Mi", "g", "Gi", "t", "Ti", "p", "Pi");

    private MemoryLimit() {
    }

    /**
     * The Kubernetes quantity a {@code memoryLimit} stands for.
     *
     * @param field the field it came from, named in the error
     * @throws IllegalArgumentException naming the field and the accepted forms when kubeflow would not accept it
     */
    public static String toQuantity(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be empty; use " + ACCEPTED_FORMS);
        }
        String v = value.trim();
        Matcher java = JAVA.matcher(v);
        String quantity = java.matches() ? java.group(1) + BINARY.get(java.group(2).toLowerCase(Locale.ROOT)) : v;
        if (bytes(quantity, field).signum() <= 0) {
            throw new IllegalArgumentException(field + ": \"" + value + "\" must be greater than 0; use "
                    + ACCEPTED_FORMS);
        }
        return quantity;
    }

    /** The limit in MiB, rounded up (a limit of 1 byte over a MiB still needs that MiB of quota). */
    public static long toMiB(String value, String field) {
        try {
            return bytes(toQuantity(value, field), field).divide(BigDecimal.valueOf(1L << 20), 0,
                    RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + ": " + Quantities.quote(value) + " is too large to count", e);
        }
    }

    /**
     * The quantity's bytes, read (grammar and bounds) by {@link Quantities}: fabric8's own arithmetic expands a
     * decimal exponent digit by digit.
     */
    private static BigDecimal bytes(String quantity, String field) {
        return Quantities.parse(quantity, field, "a memory limit; use " + ACCEPTED_FORMS);
    }
}
