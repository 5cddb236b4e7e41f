package io.sparkgate.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.OwnerReferenceMutator;
import io.sparkgate.webhook.apps.AppLookup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says which handler answers which path, and what runs behind each: the pod mutation and the
 * validators. Paths are the ones the webhook configurations of the Helm chart call.
 */
public final class AdmissionEndpoints {
    /** Mutates Spark driver and executor pods. */
    public static final String MUTATE_PODS = "/mutate/pods";
    /** Validates Spark pods (tenant quotas). */
    public static final String VALIDATE_PODS = "/validate/pods";
    /** Validates SparkApplications (spec rules, quotas for the whole app). */
    public static final String VALIDATE_APPS = "/validate/sparkapplications";
    /** Validates ScheduledSparkApplications. */
    public static final String VALIDATE_SCHEDULED = "/validate/scheduledsparkapplications";
    /** Validates the admins' SparkPolicy objects. */
    public static final String VALIDATE_POLICIES = "/validate/sparkpolicies";

    private static final Set<String> CREATE_UPDATE = Set.of("CREATE", "UPDATE");

    private AdmissionEndpoints() {
    }

    /** The handler of every admission path, in a stable order. */
    public static Map<String, AdmissionHandler> handlers(Components components, AppLookup apps,
                                                         PodMutatingHandler.AppWait wait, AdmissionMetrics metrics) {
        Map<String, AdmissionHandler> handlers = new LinkedHashMap<>();
        handlers.put(MUTATE_PODS, new PodMutatingHandler(components.podMutation(), apps, wait, metrics));
        handlers.put(VALIDATE_PODS, new ValidatingHandler<>("", "Pod", Pod.class, Set.of("CREATE"),
                call -> call.label(SparkLabels.SPARK_ROLE) != null, components.pods()));
        handlers.put(VALIDATE_APPS, new ValidatingHandler<>(SparkApplication.GROUP, "SparkApplication",
                SparkApplication.class, CREATE_UPDATE, call -> true, components.apps()));
        handlers.put(VALIDATE_SCHEDULED, new ValidatingHandler<>(SparkApplication.GROUP, "ScheduledSparkApplication",
                ScheduledSparkApplication.class, CREATE_UPDATE, call -> true, components.scheduledApps()));
        handlers.put(VALIDATE_POLICIES, new ValidatingHandler<>(SparkPolicy.GROUP, SparkPolicy.KIND,
                SparkPolicy.class, CREATE_UPDATE, call -> true, components.policies()));
        return handlers;
    }

    /**
     * What runs behind the endpoints.
     *
     * @param podMutation   the pod mutation of {@code /mutate/pods}
     * @param pods          the validator of {@code /validate/pods}
     * @param apps          the validator of {@code /validate/sparkapplications}
     * @param scheduledApps the validator of {@code /validate/scheduledsparkapplications}
     * @param policies      the validator of {@code /validate/sparkpolicies}
     */
    public record Components(PodMutation podMutation, ObjectValidator<Pod> pods,
                             ObjectValidator<SparkApplication> apps,
                             ObjectValidator<ScheduledSparkApplication> scheduledApps,
                             ObjectValidator<SparkPolicy> policies) {

        /**
         * Today's wiring: the ownerReference mutator and allow-all validators. The pod-mutators and policy modules
         * replace these here, and nowhere else.
         */
        public static Components defaults() {
            return new Components(PodMutation.of(new MutationChain(List.of(new OwnerReferenceMutator()))),
                    ObjectValidator.allowAll(), ObjectValidator.allowAll(), ObjectValidator.allowAll(),
                    ObjectValidator.allowAll());
        }
    }
}
