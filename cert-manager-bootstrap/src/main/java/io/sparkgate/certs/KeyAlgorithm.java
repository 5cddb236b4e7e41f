package io.sparkgate.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** The key types sparkgate issues: ECDSA P-256 by default (small and fast handshakes), RSA where policy requires it. */
public enum KeyAlgorithm {
    ECDSA_P256("EC", "SHA256withECDSA"),
    RSA_2048("RSA", "SHA256withRSA"),
    RSA_4096("RSA", "SHA256withRSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA signature algorithm a key of this type signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a fresh key pair of this type. */
    public KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            switch (this) {
                case ECDSA_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                case RSA_2048 -> generator.initialize(2048, random);
                case RSA_4096 -> generator.initialize(4096, random);
                default -> throw new IllegalStateException(name());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate " + this + " keys", e);
        }
    }

    /** The signature algorithm for certificates signed by the given key (EC or RSA). */
    static String signatureAlgorithmFor(java.security.PrivateKey signer) {
        return "EC".equals(signer.getAlgorithm()) || "ECDSA".equals(signer.getAlgorithm())
                ? ECDSA_P256.signatureAlgorithm : RSA_2048.signatureAlgorithm;
    }
}
