package io.sparkgate.webhook.admission;

import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.PodMutationPipeline;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.QuotaCommit;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.webhook.apps.AppLookup;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one place that says which handler answers which path, and what runs behind each: the policy module's pod
 * mutation pipeline and its policy engine. Paths are the ones the webhook configurations of the Helm chart call.
 */
public final class AdmissionEndpoints {
    /** Mutates Spark driver and executor pods. */
    public static final String MUTATE_PODS = "/mutate/pods";
    /** Validates Spark pods (Pod Security, images, service accounts, tenant quotas), and their ephemeral containers. */
    public static final String VALIDATE_PODS = "/validate/pods";
    /** Validates SparkApplications (spec rules, quotas for the whole app). */
    public static final String VALIDATE_APPS = "/validate/sparkapplications";
    /** Validates ScheduledSparkApplications. */
    public static final String VALIDATE_SCHEDULED = "/validate/scheduledsparkapplications";
    /** Validates the admins' SparkPolicy objects. */
    public static final String VALIDATE_POLICIES = "/validate/sparkpolicies";

    private static final Set<String> CREATE_UPDATE = Set.of("CREATE", "UPDATE");
    /** What {@code /validate/pods} checks: the pod and its ephemeral containers. */
    public static final Set<String> POD_SUBRESOURCES = Set.of("", "ephemeralcontainers");

    private AdmissionEndpoints() {
    }

    /** The handler of every admission path, in a stable order. */
    public static Map<String, AdmissionHandler> handlers(Components components, AppLookup apps,
                                                         PodMutatingHandler.AppWait wait, AdmissionMetrics metrics) {
        Map<String, AdmissionHandler> handlers = new LinkedHashMap<>();
        handlers.put(MUTATE_PODS, new PodMutatingHandler(components.podMutation(), apps, wait, metrics));
        // The pod itself (CREATE, and UPDATE such as kubectl set image) and pods/ephemeralcontainers (kubectl debug,
        // an UPDATE whose object is the whole pod); other subresources (status, binding, ...) change no container.
        // An UPDATE is a Spark pod's when the old pod was one (the API server's objectSelector matches either).
        handlers.put(VALIDATE_PODS, new ValidatingHandler("", "Pod", CREATE_UPDATE, POD_SUBRESOURCES,
                call -> call.label(SparkLabels.SPARK_ROLE) != null || call.oldLabel(SparkLabels.SPARK_ROLE) != null,
                components.pods(), metrics));
        // DELETE releases the app's quota reservation when a webhook configuration routes it here; the
        // SparkApplication informer releases it too, so the chart need not send DELETEs through the webhook.
        handlers.put(VALIDATE_APPS, new ValidatingHandler(SparkApplication.GROUP, "SparkApplication",
                Set.of("CREATE", "UPDATE", "DELETE"), call -> true, components.apps(), metrics));
        handlers.put(VALIDATE_SCHEDULED, new ValidatingHandler(SparkApplication.GROUP, "ScheduledSparkApplication",
                CREATE_UPDATE, call -> true, components.scheduledApps(), metrics));
        handlers.put(VALIDATE_POLICIES, new ValidatingHandler(SparkPolicy.GROUP, SparkPolicy.KIND, CREATE_UPDATE,
                call -> true, components.policies(), metrics));
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
    public record Components(PodMutation podMutation, ObjectValidator pods, ObjectValidator apps,
                             ObjectValidator scheduledApps, ObjectValidator policies) {

        /**
         * The production wiring: {@link PodMutationPipeline} (app mutators, then admin defaults) for pods, and the
         * {@link PolicyEngine} for every validating endpoint, both reading the live policies, over the caller's
         * view of the cluster and its reservation ledger.
         *
         * @param policies the current policies, read once per admission (e.g. {@code registry::snapshot})
         * @param ledger   the process-wide quota reservations; the same one the caches confirm and release
         * @param view     the informer caches (or a directory's objects) the quotas and selectors read
         */
        public static Components enforcing(Supplier<PolicyIndex> policies, ReservationLedger ledger,
                                           ClusterView view) {
            return enforcing(policies, ledger, view, null);
        }

        /**
         * The production wiring with tenant-quota reservations committed cluster-wide by {@code commit} (null: in
         * this process only), so quotas hold across webhook replicas.
         */
        public static Components enforcing(Supplier<PolicyIndex> policies, ReservationLedger ledger,
                                           ClusterView view, QuotaCommit commit) {
            PolicyEngine engine = new PolicyEngine(policies, ledger, commit);
            return new Components(PodMutation.of(new PodMutationPipeline(policies), view),
                    call -> engine.validatePod(call.input(), view),
                    call -> engine.validateSparkApplication(call.input(), view),
                    call -> engine.validateScheduledSparkApplication(call.input(), view),
                    call -> engine.validateSparkPolicy(call.input()));
        }

        /**
         * The same wiring with no policies and an empty cluster: every app mutation and built-in rule, no admin
         * defaults and no quotas (e.g. the benchmark baseline, or a server with no cluster to read).
         */
        public static Components defaults() {
            return enforcing(PolicyIndex::empty, new ReservationLedger(Clock.systemUTC(),
                    ReservationLedger.DEFAULT_TTL), ClusterView.empty());
        }
    }
}
