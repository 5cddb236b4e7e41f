package io.sparkgate.webhook.server;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager whose certificate can be replaced at any moment: every handshake asks it for the current
 * certificate, so a reload is one reference swap, with no TLS context rebuilt and no window in which new
 * connections fail. (Vert.x 4.5's {@code HttpServer#updateSSLOptions} rebuilds the context asynchronously and
 * connections accepted meanwhile are closed, which a reload under load would turn into failed admissions.)
 * Each certificate has its own alias, so a handshake that chose one gets that certificate's chain and key even if a
 * newer one is installed in between.
 */
final class ReloadableKeyManager extends X509ExtendedKeyManager {
    private static final int KEPT = 4;

    private final Map<String, ServingCertificate> byAlias = new LinkedHashMap<>();
    private volatile String currentAlias;

    /** Makes {@code certificate} the one new handshakes get. */
    synchronized void install(ServingCertificate certificate) {
        String alias = "sparkgate-" + certificate.serial();
        byAlias.put(alias, certificate);
        while (byAlias.size() > KEPT) {
            byAlias.remove(byAlias.keySet().iterator().next());
        }
        currentAlias = alias;
    }

    private String alias(String keyType) {
        String alias = currentAlias;
        if (alias == null) {
            return null;
        }
        String algorithm = certificate(alias).key().getAlgorithm();
        // The JDK asks per key type ("EC", "RSA", "RSASSA-PSS"); answer only for the type of our key.
        return keyType == null || keyType.equalsIgnoreCase(algorithm)
                || ("EC".equals(algorithm) && "ECDSA".equalsIgnoreCase(keyType)) ? alias : null;
    }

    private synchronized ServingCertificate certificate(String alias) {
        return byAlias.get(alias);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServingCertificate certificate = certificate(alias);
        return certificate == null ? null : certificate.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServingCertificate certificate = certificate(alias);
        return certificate == null ? null : certificate.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
