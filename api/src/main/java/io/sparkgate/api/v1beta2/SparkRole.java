package io.sparkgate.api.v1beta2;

import java.util.Optional;

/** The two kinds of Spark pod, as Spark's {@code spark-role} label names them. */
public enum SparkRole {
    DRIVER("driver"), EXECUTOR("executor");

    /** The label Spark puts on every pod it creates. */
    public static final String LABEL = "spark-role";

    private final String label;

    SparkRole(String label) {
        this.label = label;
    }

    /** The value of the {@code spark-role} label. */
    public String label() {
        return label;
    }

    /** The role a {@code spark-role} label value names, or empty for any other value. */
    public static Optional<SparkRole> fromLabel(String value) {
        if ("driver".equals(value)) {
            return Optional.of(DRIVER);
        }
        if ("executor".equals(value)) {
            return Optional.of(EXECUTOR);
        }
        return Optional.empty();
    }
}
