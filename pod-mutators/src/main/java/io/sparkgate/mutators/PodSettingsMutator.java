package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;

/**
 * Pod-wide settings of the role: {@code dnsConfig}, {@code hostAliases}, {@code hostNetwork} (with
 * {@code dnsPolicy: ClusterFirstWithHostNet}, without which a host-network pod cannot resolve cluster names),
 * {@code terminationGracePeriodSeconds}, {@code shareProcessNamespace}, {@code podSecurityContext} and
 * {@code runtimeClassName}. A value the app sets replaces the pod's, with a warning when they differ.
 */
public final class PodSettingsMutator extends AppMutator {
    /** The DNS policy a host-network pod needs to resolve cluster names. */
    public static final String HOST_NETWORK_DNS_POLICY = "ClusterFirstWithHostNet";

    @Override
    public String name() {
        return "pod-settings";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        PodSpec spec = PodEdits.spec(pod);
        if (role.dnsConfig() != null) {
            spec.setDnsConfig(PodEdits.replace(context, spec.getDnsConfig(), PodEdits.copy(role.dnsConfig()),
                    roleField + ".dnsConfig"));
        }
        for (HostAlias alias : role.hostAliases()) {
            if (spec.getHostAliases().stream().noneMatch(a -> PodEdits.equivalent(a, alias))) {
                spec.getHostAliases().add(PodEdits.copy(alias));
            }
        }
        if (Boolean.TRUE.equals(role.hostNetwork())) {
            spec.setHostNetwork(true);
            spec.setDnsPolicy(PodEdits.replace(context, spec.getDnsPolicy(), HOST_NETWORK_DNS_POLICY,
                    roleField + ".hostNetwork (dnsPolicy)"));
        }
        if (role.terminationGracePeriodSeconds() != null) {
            if (role.terminationGracePeriodSeconds() < 0) {
                context.warn(roleField + ".terminationGracePeriodSeconds: must not be negative: skipped");
            } else {
                spec.setTerminationGracePeriodSeconds(PodEdits.replace(context,
                        spec.getTerminationGracePeriodSeconds(), role.terminationGracePeriodSeconds(),
                        roleField + ".terminationGracePeriodSeconds"));
            }
        }
        if (Boolean.TRUE.equals(role.shareProcessNamespace())) {
            spec.setShareProcessNamespace(true);
        }
        if (role.podSecurityContext() != null) {
            spec.setSecurityContext(PodEdits.replace(context, spec.getSecurityContext(),
                    PodEdits.copy(role.podSecurityContext()), roleField + ".podSecurityContext"));
        }
        if (role.runtimeClassName() != null && !role.runtimeClassName().isEmpty()) {
            spec.setRuntimeClassName(PodEdits.replace(context, spec.getRuntimeClassName(), role.runtimeClassName(),
                    roleField + ".runtimeClassName"));
        }
    }
}
