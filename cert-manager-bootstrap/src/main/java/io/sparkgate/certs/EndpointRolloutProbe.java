package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to every ready endpoint of the webhook Service (its EndpointSlices) and compares the certificate each one
 * serves with the stored leaf. Only the served certificate is looked at; nothing is sent, so the probe trusts any peer.
 */
public final class EndpointRolloutProbe implements RolloutProbe {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointRolloutProbe.class);
    private static final String SERVICE_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;
    private final CertificateSettings settings;
    private final Duration timeout;
    private final SSLContext context;

    /** A probe of the Service {@code settings} names. */
    public EndpointRolloutProbe(KubernetesClient client, CertificateSettings settings, Duration timeout,
                                SecureRandom random) {
        this.client = client;
        this.settings = settings;
        this.timeout = timeout;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new RecordOnly()}, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    @Override
    public boolean allServe(X509Certificate leaf) {
        List<EndpointSlice> slices;
        try {
            slices = client.discovery().v1().endpointSlices().inNamespace(settings.namespace())
                    .withLabel(SERVICE_LABEL, settings.service()).list().getItems();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot list EndpointSlices of Service {}/{} ({}); the CA rollover ends after its overlap alone",
                    settings.namespace(), settings.service(), e.getMessage());
            return true;
        }
        for (EndpointSlice slice : slices) {
            Integer port = port(slice.getPorts());
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getConditions() != null && Boolean.FALSE.equals(endpoint.getConditions().getReady())) {
                    continue;
                }
                for (String address : endpoint.getAddresses()) {
                    if (!serves(address, port, leaf)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean serves(String address, int port, X509Certificate leaf) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(settings.apiServerHostname())));
            socket.setSSLParameters(params);
            socket.startHandshake();
            Certificate[] served = socket.getSession().getPeerCertificates();
            boolean same = served.length > 0 && served[0].equals(leaf);
            if (!same) {
                LOG.info("CA rollover: endpoint {}:{} still serves an older certificate", address, port);
            }
            return same;
        } catch (IOException e) {
            LOG.info("CA rollover: endpoint {}:{} cannot be probed yet ({})", address, port, e.getMessage());
            return false;
        }
    }

    private static Integer port(List<EndpointPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return null;
        }
        return ports.stream().filter(p -> "TCP".equals(p.getProtocol()) || p.getProtocol() == null)
                .map(EndpointPort::getPort).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Accepts any chain: the probe only reads which certificate is served and sends no data. */
    private static final class RecordOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately accepts: see the class comment.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
