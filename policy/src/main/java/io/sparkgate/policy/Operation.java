package io.sparkgate.policy;

/** The AdmissionRequest operations, as {@code request.operation} names them. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT;

    /** The operation of an AdmissionRequest's {@code operation} string; unknown values are an error naming them. */
    public static Operation of(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("request.operation: \"" + value
                    + "\" is not one of CREATE, UPDATE, DELETE, CONNECT", e);
        }
    }
}
