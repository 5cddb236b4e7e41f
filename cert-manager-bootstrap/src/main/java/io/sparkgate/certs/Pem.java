package io.sparkgate.certs;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding and decoding of certificates and private keys (PKCS#8 written; PKCS#1, SEC1 and PKCS#8 read). */
public final class Pem {
    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private Pem() {
    }

    /** The certificates as one PEM bundle, in order. */
    public static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate c : certificates) {
                writer.writeObject(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One certificate as PEM. */
    public static String certificate(X509Certificate certificate) {
        return certificates(List.of(certificate));
    }

    /** A private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads every certificate of a PEM bundle.
     *
     * @throws InvalidPemException naming what was wrong when the text holds no certificate or a broken one
     */
    public static List<X509Certificate> readCertificates(String pem, String source) {
        List<X509Certificate> certs = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    certs.add(CERTS.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new InvalidPemException(source + ": not a valid PEM certificate bundle (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new InvalidPemException(source + ": holds no PEM certificate", null);
        }
        return certs;
    }

    /**
     * Reads one private key (PKCS#8, PKCS#1 RSA or SEC1 EC).
     *
     * @throws InvalidPemException naming what was wrong when the text holds no key
     */
    public static PrivateKey readPrivateKey(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return KEYS.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return KEYS.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidPemException(source + ": not a valid PEM private key (" + e.getMessage() + ")", e);
        }
        throw new InvalidPemException(source + ": holds no PEM private key", null);
    }
}
