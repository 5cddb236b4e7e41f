package io.sparkgate.certs;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose certificate can be swapped while the server runs: each new TLS handshake reads the current
 * certificate, handshakes in flight keep theirs. Feed it from {@link ServingCertificateWatcher} (it is a
 * {@link ServingCertificateListener}); a JDK or Netty server, or Vert.x through {@code KeyCertOptions.wrap}, uses it.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager implements ServingCertificateListener {
    private static final String ALIAS = "sparkgate-serving-";
    private static final int KEEP = 4;

    /** One certificate generation; the alias names it so chain and key of one handshake always match. */
    private record Current(String alias, X509Certificate[] chain, PrivateKey key) {
    }

    private final AtomicReference<Current> current = new AtomicReference<>();
    private final Map<String, Current> recent = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    @Override
    public synchronized void onCertificate(String certPem, String keyPem) {
        List<X509Certificate> chain = Pem.readCertificates(certPem, "tls.crt");
        PrivateKey key = Pem.readPrivateKey(keyPem, "tls.key");
        if (!ServingCertificateCheck.keyMatches(chain.get(0), key)) {
            throw new IllegalArgumentException("tls.key does not match tls.crt");
        }
        long gen = generation.incrementAndGet();
        Current next = new Current(ALIAS + gen, chain.toArray(X509Certificate[]::new), key);
        recent.put(next.alias(), next);
        current.set(next);
        recent.remove(ALIAS + (gen - KEEP)); // a handshake that chose an alias this old has long finished

    }

    /** The leaf now served, or {@code null} before the first certificate. */
    public X509Certificate leaf() {
        Current c = current.get();
        return c == null ? null : c.chain()[0];
    }

    /** A server-side TLS context backed by this key manager. */
    public SSLContext sslContext(SecureRandom random) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, null, random);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    private String alias(String keyType) {
        Current c = current.get();
        if (c == null) {
            return null;
        }
        String algorithm = c.key().getAlgorithm();
        boolean matches = keyType.equals(algorithm) || ("EC".equals(keyType) && "ECDSA".equals(algorithm))
                || ("RSASSA-PSS".equals(keyType) && "RSA".equals(algorithm));
        return matches ? c.alias() : null;
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
        Current c = alias == null ? null : recent.get(alias);
        return c == null ? null : c.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Current c = alias == null ? null : recent.get(alias);
        return c == null ? null : c.key();
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
