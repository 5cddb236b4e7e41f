package io.sparkgate.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The CAs the API server is told to trust: those present in the caBundle of every entry of every named webhook
 * configuration that exists.
 *
 * @param anyConfiguration whether at least one named configuration exists (none: nobody calls the webhook, so nothing
 *                         constrains what it serves)
 * @param inEveryEntry     CAs present in every entry's caBundle
 * @param changedAt        when sparkgate last changed a caBundle, or {@link Instant#EPOCH} when unknown
 */
public record PublishedTrust(boolean anyConfiguration, List<X509Certificate> inEveryEntry, Instant changedAt) {
    /** No webhook configuration exists. */
    public static final PublishedTrust NONE = new PublishedTrust(false, List.of(), Instant.EPOCH);

    /** Copies the list. */
    public PublishedTrust {
        inEveryEntry = List.copyOf(inEveryEntry);
    }

    /** Whether the API server is told to trust {@code ca} wherever it calls sparkgate. */
    public boolean trusts(X509Certificate ca) {
        return !anyConfiguration || inEveryEntry.contains(ca);
    }
}
