package io.sparkgate.webhook.server;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation the HTTPS listener uses. BoringSSL (netty-tcnative, bundled for Linux x86-64 and
 * aarch64) takes less CPU per request than the JDK engine (docs/benchmarks.md); the JDK engine needs no native
 * code. Certificates reach either through the same key manager, so rotation works the same.
 */
public enum TlsEngine {
    /** BoringSSL when its native library loads here, otherwise the JDK (with one log line saying why). */
    AUTO,
    /** BoringSSL, or the server does not start. */
    OPENSSL,
    /** The JDK's own engine. */
    JDK;

    private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);

    /** The engine named by {@code value} ({@code auto}, {@code openssl} or {@code jdk}, any case). */
    public static TlsEngine parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS engine \"" + value + "\" is not one of auto, openssl, jdk", e);
        }
    }

    /** The engine this choice resolves to on this machine: never {@link #AUTO}. */
    public TlsEngine resolve() {
        if (this == JDK) {
            return JDK;
        }
        if (OpenSSLEngineOptions.isAvailable()) {
            return OPENSSL;
        }
        Throwable why = OpenSsl.unavailabilityCause();
        if (this == OPENSSL) {
            throw new IllegalStateException("--tls-engine openssl: BoringSSL (netty-tcnative) cannot be loaded here: "
                    + why, why);
        }
        LOG.info("TLS: BoringSSL (netty-tcnative) cannot be loaded here ({}), using the JDK's engine",
                String.valueOf(why));
        return JDK;
    }

    /** Vert.x's options for this engine; call on a {@link #resolve() resolved} one. */
    SSLEngineOptions options() {
        return switch (this) {
            case OPENSSL -> new OpenSSLEngineOptions().setSessionCacheEnabled(true);
            case JDK -> new JdkSSLEngineOptions();
            case AUTO -> throw new IllegalStateException("resolve() the engine first");
        };
    }

    /** The name used in flags, logs and metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
