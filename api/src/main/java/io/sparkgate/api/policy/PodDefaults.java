package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * One block of admin pod defaults: what to put on the selected Spark pods, and whether it is a {@code default}
 * (only where unset) or {@code enforce}d (always wins). Maps merge by key, lists by their identity (toleration
 * key + effect, volume name, mount path, env name, pull-secret name); affinity by its three parts; security
 * contexts field by field. Mounts and env go to the Spark container; the container security context to every
 * container.
 *
 * @param applyTo                  driver, executor or all pods; {@code all} when unset
 * @param mode                     {@code default} when unset
 * @param labels                   pod labels
 * @param annotations              pod annotations
 * @param tolerations              pod tolerations
 * @param nodeSelector             pod node selector
 * @param affinity                 pod affinity
 * @param priorityClassName        pod PriorityClass
 * @param schedulerName            pod scheduler
 * @param securityContext          pod security context
 * @param containerSecurityContext security context of every container
 * @param imagePullSecrets         names of image pull Secrets
 * @param volumes                  pod volumes
 * @param volumeMounts             mounts into the Spark container
 * @param env                      environment variables of the Spark container
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodDefaults(PodSelector applyTo, DefaultMode mode, Map<String, String> labels,
                          Map<String, String> annotations, List<Toleration> tolerations,
                          Map<String, String> nodeSelector, Affinity affinity, String priorityClassName,
                          String schedulerName, PodSecurityContext securityContext,
                          SecurityContext containerSecurityContext, List<String> imagePullSecrets,
                          List<Volume> volumes, List<VolumeMount> volumeMounts, List<EnvVar> env) {
    /** Absent collections read as empty ones, absent selectors as their defaults. */
    public PodDefaults {
        applyTo = applyTo == null ? PodSelector.ALL : applyTo;
        mode = mode == null ? DefaultMode.DEFAULT : mode;
        labels = labels == null ? Map.of() : labels;
        annotations = annotations == null ? Map.of() : annotations;
        tolerations = tolerations == null ? List.of() : tolerations;
        nodeSelector = nodeSelector == null ? Map.of() : nodeSelector;
        imagePullSecrets = imagePullSecrets == null ? List.of() : imagePullSecrets;
        volumes = volumes == null ? List.of() : volumes;
        volumeMounts = volumeMounts == null ? List.of() : volumeMounts;
        env = env == null ? List.of() : env;
    }
}
