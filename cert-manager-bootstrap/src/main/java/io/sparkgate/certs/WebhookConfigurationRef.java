package io.sparkgate.certs;

/**
 * A named admission webhook configuration whose entries carry sparkgate's caBundle.
 *
 * @param kind mutating or validating
 * @param name the cluster-scoped object's name
 */
public record WebhookConfigurationRef(Kind kind, String name) {
    /** The two kinds of admission webhook configuration. */
    public enum Kind { MUTATING, VALIDATING }

    @Override
    public String toString() {
        return (kind == Kind.MUTATING ? "MutatingWebhookConfiguration/" : "ValidatingWebhookConfiguration/") + name;
    }
}
