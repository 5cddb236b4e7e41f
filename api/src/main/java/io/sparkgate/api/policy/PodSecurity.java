package io.sparkgate.api.policy;

/**
 * The Pod Security Standards level a tenant's apps and Spark pods must keep.
 *
 * @param level {@code privileged}, {@code baseline} or {@code restricted}; required
 */
public record PodSecurity(PodSecurityLevel level) {
}
