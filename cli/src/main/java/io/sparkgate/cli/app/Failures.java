package io.sparkgate.cli.app;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Turns a Kubernetes client failure into the one line a user reads. */
final class Failures {
    private Failures() {
    }

    /** The failure as one line, naming the namespace where it matters. */
    static String describe(KubernetesClientException e, String namespace) {
        Throwable root = rootCause(e);
        if (e.getCode() <= 0 && (root instanceof IOException || root instanceof TimeoutException)) {
            String reason = root instanceof ConnectException ? "connection refused"
                    : root instanceof UnknownHostException ? "unknown host " + root.getMessage()
                    : oneLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
            return "cannot reach the Kubernetes API server: " + reason + " (check --kubeconfig and the current context)";
        }
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : oneLine(e.getMessage());
        return switch (e.getCode()) {
            case 401 -> "unauthorized: the API server rejected the kubeconfig's credentials";
            case 403 -> "forbidden in namespace \"" + namespace + "\": " + status;
            case 404 -> "not found in namespace \"" + namespace + "\": " + status;
            case 0, -1 -> "cannot talk to the Kubernetes API server: " + oneLine(root.getMessage());
            default -> "the API server answered " + e.getCode() + ": " + status;
        };
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
