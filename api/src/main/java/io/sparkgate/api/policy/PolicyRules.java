package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Rules a tenant's apps and pods must keep, on top of sparkgate's built-in ones.
 *
 * @param allowedImageRegistries registries ({@code example.com}, {@code example.com:5000}) or repository
 *                               prefixes ({@code example.com/team-a}) images must come from; empty allows any
 * @param deniedSparkConf        sparkConf keys denied beyond the built-in list: exact keys, or prefixes ending
 *                               in {@code *} such as {@code spark.eventLog.*}
 * @param unknownFields          what an app field the SparkApplication schema does not declare leads to: a
 *                               warning (null, {@code warn}) or a denial ({@code deny})
 * @param podSecurity            the Pod Security Standards level the app's pods and the Spark pods must keep; null
 *                               checks none
 * @param allowedServiceAccounts the service accounts driver and executor pods may run as; empty allows any
 * @param allowProxyUser         whether {@code spec.proxyUser} (Hadoop impersonation) may be set; null allows it
 * @param allowUncheckedEnvFrom  whether the Spark containers may import variables whole with {@code envFrom} from
 *                               ConfigMaps and Secrets, whose contents sparkgate cannot see at admission; false
 *                               allows only an {@code envFrom} whose {@code prefix} keeps every imported name away
 *                               from the JVM option and conf-directory variables; null allows it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PolicyRules(List<String> allowedImageRegistries, List<String> deniedSparkConf,
                          UnknownFieldAction unknownFields, PodSecurity podSecurity,
                          List<String> allowedServiceAccounts, Boolean allowProxyUser,
                          Boolean allowUncheckedEnvFrom) {
    /** Rules without an unknown-field action. */
    public PolicyRules(List<String> allowedImageRegistries, List<String> deniedSparkConf) {
        this(allowedImageRegistries, deniedSparkConf, null);
    }

    /** Rules without pod security, service account or proxy-user rules. */
    public PolicyRules(List<String> allowedImageRegistries, List<String> deniedSparkConf,
                       UnknownFieldAction unknownFields) {
        this(allowedImageRegistries, deniedSparkConf, unknownFields, null, null, null, null);
    }

    /** Absent lists read as empty ones. */
    public PolicyRules {
        allowedImageRegistries = allowedImageRegistries == null ? List.of() : List.copyOf(allowedImageRegistries);
        deniedSparkConf = deniedSparkConf == null ? List.of() : List.copyOf(deniedSparkConf);
        allowedServiceAccounts = allowedServiceAccounts == null ? List.of() : List.copyOf(allowedServiceAccounts);
    }

    /** The Pod Security level to check: {@code privileged} (nothing) when unset. */
    public PodSecurityLevel podSecurityLevel() {
        return podSecurity == null || podSecurity.level() == null ? PodSecurityLevel.PRIVILEGED : podSecurity.level();
    }

    /** Whether {@code spec.proxyUser} may be set (true unless {@code allowProxyUser: false}). */
    public boolean proxyUserAllowed() {
        return allowProxyUser == null || allowProxyUser;
    }

    /** Whether unprefixed {@code envFrom} may reach the Spark containers (true unless set to false). */
    public boolean uncheckedEnvFromAllowed() {
        return allowUncheckedEnvFrom == null || allowUncheckedEnvFrom;
    }
}
