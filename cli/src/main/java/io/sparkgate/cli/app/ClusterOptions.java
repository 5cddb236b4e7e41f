package io.sparkgate.cli.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every app verb shares: which cluster (kubeconfig) and which namespace. */
public final class ClusterOptions {
    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace of the application (default: the kubeconfig context's namespace, else default).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
    Path kubeconfig;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for the API server before giving up (default: ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    /** The namespace given with {@code -n}, or null. */
    public String namespace() {
        return namespace;
    }

    /** The kubeconfig given with {@code --kubeconfig}, or null. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Seconds to wait for the API server. */
    public int requestTimeoutSeconds() {
        return requestTimeoutSeconds;
    }
}
