package io.sparkgate.kubelet;

/**
 * Why the local kubelet cannot run a pod: the pod is marked Failed with this reason and message (and an Event),
 * as a kubelet reports an image it cannot pull or a volume it cannot mount.
 */
final class PodRejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;
    private final boolean retriable;

    PodRejected(String reason, String message) {
        this(reason, message, false);
    }

    /**
     * @param retriable whether the kubelet tries again, as for an object the pod needs that does not exist yet
     *                  (the launcher and Spark create a pod's ConfigMap right after the pod)
     */
    PodRejected(String reason, String message, boolean retriable) {
        super(message);
        this.reason = reason;
        this.retriable = retriable;
    }

    /** Whether it may succeed later without the pod changing. */
    boolean retriable() {
        return retriable;
    }

    /** A CamelCase reason for the pod status and the Event, e.g. {@code UnsupportedVolume}. */
    String reason() {
        return reason;
    }
}
