package io.sparkgate.cli;

/** This replica's name in Leases and Events: the flag, else $POD_NAME (the chart's downward API), else $HOSTNAME. */
public final class PodIdentity {
    private PodIdentity() {
    }

    /** The first of {@code flag}, $POD_NAME and $HOSTNAME that is set; refused when none is. */
    public static String resolve(String flag) {
        for (String candidate : new String[] {flag, System.getenv("POD_NAME"), System.getenv("HOSTNAME")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("--pod-name is required when neither $POD_NAME nor $HOSTNAME is set");
    }
}
