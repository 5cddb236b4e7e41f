package io.sparkgate.cli.app;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;

/** Builds the Kubernetes client an app verb talks to; tests substitute one bound to the mock server. */
@FunctionalInterface
public interface ClientFactory {

    /** A client for the cluster the options name. */
    KubernetesClient create(ClusterOptions options);

    /**
     * The real factory: the kubeconfig from {@code --kubeconfig} or the usual places, with short timeouts and no
     * retries, so an unreachable cluster is reported in seconds rather than minutes.
     */
    static ClientFactory kubeconfig() {
        return options -> {
            Config config;
            if (options.kubeconfig() != null) {
                if (!Files.isReadable(options.kubeconfig())) {
                    throw new CliFailure("cannot read kubeconfig " + options.kubeconfig());
                }
                try {
                    config = Config.fromKubeconfig(null, Files.readString(options.kubeconfig()),
                            options.kubeconfig().toString());
                } catch (IOException | RuntimeException e) {
                    throw new CliFailure("invalid kubeconfig " + options.kubeconfig() + ": " + e.getMessage());
                }
            } else {
                config = Config.autoConfigure(null);
            }
            int timeoutMillis = Math.max(1, options.requestTimeoutSeconds()) * 1000;
            config.setConnectionTimeout(Math.min(timeoutMillis, 5000));
            config.setRequestTimeout(timeoutMillis);
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        };
    }
}
