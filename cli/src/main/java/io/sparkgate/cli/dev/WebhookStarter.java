package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.webhook.server.ServingCertificateSink;
import java.nio.file.Path;

/**
 * Starts the sparkgate webhook the way {@code sparkgate webhook} runs it, against a given API server. The dev
 * pipeline and the end-to-end tests start, stop and restart it through this seam; {@code DevCommand} provides the
 * real one, so what runs here is the product's own wiring.
 */
@FunctionalInterface
public interface WebhookStarter {

    /**
     * Starts a webhook on 127.0.0.1.
     *
     * @param port     HTTPS port (0: any free port)
     * @param certFile the serving certificate (PEM), re-read when it changes
     * @param keyFile  its private key (PEM)
     * @param client   a client of the API server whose SparkApplications and policies the webhook follows; the
     *                 webhook owns it and closes it when it stops
     */
    Running start(int port, Path certFile, Path keyFile, KubernetesClient client);

    /** A running webhook. */
    interface Running extends AutoCloseable {

        /** The HTTPS port it listens on. */
        int port();

        /** Where new serving certificates are pushed, for new handshakes, without a restart. */
        ServingCertificateSink certificates();

        /** Drains requests in flight and stops. */
        @Override
        void close();
    }
}
