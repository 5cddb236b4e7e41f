package io.sparkgate.certs;

import java.security.cert.X509Certificate;

/** Tells whether every replica behind the webhook Service serves a given leaf, which ends a CA rollover's overlap. */
@FunctionalInterface
public interface RolloutProbe {
    /** Trusts the rollover overlap alone (no replica can be reached, e.g. outside the cluster). */
    RolloutProbe OVERLAP_ONLY = leaf -> true;

    /** Whether every ready replica serves {@code leaf}. */
    boolean allServe(X509Certificate leaf);
}
