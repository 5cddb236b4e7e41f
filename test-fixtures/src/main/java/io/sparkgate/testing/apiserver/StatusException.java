package io.sparkgate.testing.apiserver;

/** A request the emulated API server refuses before admission, answered as a Kubernetes Status. */
final class StatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;

    StatusException(int code, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }
}
