package io.sparkgate.kubelet;

/**
 * Why the local kubelet cannot run a pod: the pod is marked Failed with this reason and message (and an Event),
 * as a kubelet reports an image it cannot pull or a volume it cannot mount.
 */
final class PodRejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    PodRejected(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A CamelCase reason for the pod status and the Event, e.g. {@code UnsupportedVolume}. */
    String reason() {
        return reason;
    }
}
