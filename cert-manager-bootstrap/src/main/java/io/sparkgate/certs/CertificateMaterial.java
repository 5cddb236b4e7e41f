package io.sparkgate.certs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the two Secrets hold, as PEM text, independent of Kubernetes. Any field may be {@code null} (absent key or
 * Secret).
 *
 * @param tlsCrt   serving chain, leaf first ({@code tls.crt} of the serving Secret)
 * @param tlsKey   serving key ({@code tls.key})
 * @param caCrt    the trust bundle the webhook configurations publish ({@code ca.crt}); during a CA rollover it holds
 *                 the old and the new CA
 * @param caSigningCrt the CA that signs new leaves ({@code ca.crt} of the CA Secret)
 * @param caSigningKey its key ({@code ca.key} of the CA Secret)
 * @param issuedAt when sparkgate wrote the current leaf (annotation), used to time the end of a CA rollover
 */
public record CertificateMaterial(String tlsCrt, String tlsKey, String caCrt, String caSigningCrt, String caSigningKey,
                                  Instant issuedAt) {
    /** Secret key of the serving chain. */
    public static final String TLS_CRT = "tls.crt";
    /** Secret key of the serving key. */
    public static final String TLS_KEY = "tls.key";
    /** Secret key of the CA certificate(s). */
    public static final String CA_CRT = "ca.crt";
    /** Secret key of the CA's private key (CA Secret only). */
    public static final String CA_KEY = "ca.key";

    /** Nothing stored yet. */
    public static final CertificateMaterial EMPTY = new CertificateMaterial(null, null, null, null, null, null);

    /** The serving Secret's data (decoded), in a stable order. */
    public Map<String, String> servingData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TLS_CRT, Objects.requireNonNullElse(tlsCrt, ""));
        data.put(TLS_KEY, Objects.requireNonNullElse(tlsKey, ""));
        data.put(CA_CRT, Objects.requireNonNullElse(caCrt, ""));
        return data;
    }

    /** The CA Secret's data (decoded). */
    public Map<String, String> caData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CA_CRT, Objects.requireNonNullElse(caSigningCrt, ""));
        data.put(CA_KEY, Objects.requireNonNullElse(caSigningKey, ""));
        return data;
    }

    /** Whether the serving Secret would change (ignoring {@code issuedAt} unless the leaf changed). */
    public boolean servingDiffers(CertificateMaterial other) {
        return !servingData().equals(other.servingData());
    }

    /** Whether the CA Secret would change. */
    public boolean caDiffers(CertificateMaterial other) {
        return !caData().equals(other.caData());
    }

    @Override
    public String toString() {
        // Never print key material, not even by accident in a log line or assertion message.
        return "CertificateMaterial[tlsCrt=" + (tlsCrt != null) + ", tlsKey=" + (tlsKey != null) + ", caCrt="
                + (caCrt != null) + ", caSigningCrt=" + (caSigningCrt != null) + ", caSigningKey="
                + (caSigningKey != null) + ", issuedAt=" + issuedAt + "]";
    }
}
