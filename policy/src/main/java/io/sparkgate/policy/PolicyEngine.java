package io.sparkgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.AppDemand;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.DemandMemo;
import io.sparkgate.policy.quota.PodResources;
import io.sparkgate.policy.quota.QuotaCheck;
import io.sparkgate.api.schema.StructuralSchema;
import io.sparkgate.policy.quota.QuotaCommit;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.policy.rules.PodSecurityCheck;
import io.sparkgate.policy.rules.PolicyRuleCheck;
import io.sparkgate.policy.rules.SparkAppRules;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.SparkPolicyValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The validating side of sparkgate: one method per admitted kind, each a pure function of the request, the
 * current policies and a {@link ClusterView} of the caller's caches, plus the reservation ledger that makes quota
 * decisions race-free. Thread-safe; the webhook calls it from any thread.
 *
 * <p>Order of checks: DELETE is allowed (and releases its reservation); an UPDATE whose spec is unchanged is
 * allowed without re-validation; then the built-in rules (422 Invalid), then the policies' rules and quotas,
 * decided by each policy's enforcement action (403 Forbidden for {@code deny}). A dry-run request is decided the
 * same way but reserves and releases nothing.
 */
public final class PolicyEngine {
    private final Supplier<PolicyIndex> policies;
    private final ReservationLedger ledger;
    private final AppQuotaAdmission appQuota;
    private final PodQuotaAdmission podQuota;
    /** The schemas the API server prunes with: a field they do not declare is a typo the user is told of. */
    private static final StructuralSchema APPS = StructuralSchema.of(StructuralSchema.SPARK_APPLICATIONS);
    private static final StructuralSchema SCHEDULED =
            StructuralSchema.of(StructuralSchema.SCHEDULED_SPARK_APPLICATIONS);
    private final QuotaCommit commit;

    /**
     * An engine whose tenant-quota reservations live in this process only (one replica, or offline use).
     *
     * @param policies the current policies, read once per admission (e.g. {@code registry::snapshot})
     * @param ledger   the process-wide reservation ledger
     */
    public PolicyEngine(Supplier<PolicyIndex> policies, ReservationLedger ledger) {
        this(policies, ledger, null);
    }

    /**
     * An engine whose tenant-quota reservations are committed cluster-wide by {@code commit}, so the quota holds
     * across replicas; the local {@code ledger} then only covers namespace ResourceQuotas.
     *
     * @param commit null for in-process reservations only
     */
    public PolicyEngine(Supplier<PolicyIndex> policies, ReservationLedger ledger, QuotaCommit commit) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.commit = commit;
        // One memo per engine: the webhook's engine lives as long as its caches, whose objects it memoises.
        DemandMemo memo = new DemandMemo(DemandMemo.DEFAULT_MAX_ENTRIES);
        this.appQuota = new AppQuotaAdmission(ledger, memo);
        this.podQuota = new PodQuotaAdmission(ledger, memo);
    }

    /** Decides a SparkApplication CREATE, UPDATE or DELETE ({@code POST /validate/sparkapplications}). */
    public AdmissionDecision validateSparkApplication(AdmissionInput in, ClusterView view) {
        if (in.operation() == Operation.DELETE) {
            if (!in.dryRun() && in.oldObject() != null) {
                ReservationLedger.Key key = ReservationLedger.Key.app(in.namespace(), in.oldObject()
                        .path("metadata").path("name").asText());
                ledger.release(key);
                if (commit != null) {
                    commit.release(policies.get().policiesFor(view, in.namespace()), key);
                }
            }
            return AdmissionDecision.allow();
        }
        if (in.operation() == Operation.CONNECT || specUnchanged(in)) {
            return AdmissionDecision.allow();
        }
        SparkApplication app;
        try {
            app = ObjectReading.read(ObjectReading.TYPED, in.object(), SparkApplication.class);
        } catch (IllegalArgumentException e) {
            return AdmissionDecision.invalid(e.getMessage());
        }
        List<StructuralSchema.UnknownField> unknown = APPS.unknownFields(in.object());
        List<String> problems = new ArrayList<>(SparkAppRules.validate(app, in.namespace()));
        AppDemand demand = problems.isEmpty() ? demand(app, problems) : null;
        if (!problems.isEmpty()) {
            return AdmissionDecision.invalid(problems);
        }
        List<SparkPolicy> applicable = policies.get().policiesFor(view, in.namespace());
        List<PolicyViolation> violations = new ArrayList<>();
        applicable.forEach(p -> violations.addAll(PolicyRuleCheck.app(p, app.getSpec(), "spec")));
        applicable.forEach(p -> violations.addAll(PodSecurityCheck.app(p, app.getSpec(), "spec")));
        applicable.forEach(p -> violations.addAll(PolicyRuleCheck.unknownFields(p, unknown)));
        List<String> typos = new ArrayList<>(unknown.stream().map(StructuralSchema.UnknownField::warning).toList());
        typos.addAll(SparkAppRules.notRead(app.getSpec(), "spec"));
        boolean reserve = !in.dryRun() && Verdicts.admits(violations);
        String name = app.getMetadata().getName();
        if (commit == null || noQuota(applicable)) {
            violations.addAll(appQuota.admit(applicable, view, in.namespace(), name, demand, reserve));
            return Verdicts.of(typos, violations);
        }
        // The namespace's ResourceQuotas first, locally; then the tenant quotas, committed cluster-wide.
        violations.addAll(appQuota.admit(List.of(), view, in.namespace(), name, demand, false));
        if (Verdicts.admits(violations)) {
            ReservationLedger.Key key = ReservationLedger.Key.app(in.namespace(), name);
            Resources amount = demand.bounded() ? demand.total().withApps(0) : Resources.ZERO;
            violations.addAll(commit.admit(applicable, (p, reservations) -> appQuota.tenant(p, view,
                    in.namespace(), name, demand, reservations), reserve ? reservation(key, name, amount) : null));
            if (reserve && demand.bounded() && Verdicts.admits(violations)) {
                ledger.reserve(key, name, amount);
            }
        }
        return Verdicts.of(typos, violations);
    }

    /**
     * Decides a ScheduledSparkApplication ({@code POST /validate/scheduledsparkapplications}): its schedule, its
     * template by the app rules and the policies' rules and per-app limits. Tenant quotas are checked when each
     * run is created as a SparkApplication; nothing is reserved here.
     */
    public AdmissionDecision validateScheduledSparkApplication(AdmissionInput in, ClusterView view) {
        if (in.operation() == Operation.DELETE || in.operation() == Operation.CONNECT || specUnchanged(in)) {
            return AdmissionDecision.allow();
        }
        ScheduledSparkApplication scheduled;
        try {
            scheduled = ObjectReading.read(ObjectReading.TYPED, in.object(), ScheduledSparkApplication.class);
        } catch (IllegalArgumentException e) {
            return AdmissionDecision.invalid(e.getMessage());
        }
        List<String> problems = new ArrayList<>(SparkAppRules.validate(scheduled, in.namespace()));
        if (!problems.isEmpty()) {
            return AdmissionDecision.invalid(problems);
        }
        SparkApplication run = new SparkApplication();
        run.getMetadata().setName(scheduled.getMetadata().getName());
        run.getMetadata().setNamespace(in.namespace());
        run.setSpec(scheduled.getSpec().template());
        AppDemand demand = demand(run, problems);
        if (!problems.isEmpty()) {
            return AdmissionDecision.invalid(problems.stream().map(p -> p.replaceFirst("^spec\\.", "spec.template."))
                    .toList());
        }
        List<PolicyViolation> violations = new ArrayList<>();
        List<StructuralSchema.UnknownField> unknown = SCHEDULED.unknownFields(in.object());
        String subject = "each run of " + in.namespace() + "/" + scheduled.getMetadata().getName();
        for (SparkPolicy p : policies.get().policiesFor(view, in.namespace())) {
            violations.addAll(PolicyRuleCheck.app(p, run.getSpec(), "spec.template"));
            violations.addAll(PodSecurityCheck.app(p, run.getSpec(), "spec.template"));
            violations.addAll(PolicyRuleCheck.unknownFields(p, unknown));
            if (p.getSpec().quota() != null && demand.bounded()) {
                violations.addAll(QuotaCheck.perApp(p, subject, demand.total()));
            }
        }
        List<String> warnings = new ArrayList<>(unknown.stream().map(StructuralSchema.UnknownField::warning).toList());
        warnings.addAll(SparkAppRules.notRead(run.getSpec(), "spec.template"));
        return Verdicts.of(warnings, violations);
    }

    /**
     * Decides a pod ({@code POST /validate/pods}, including the {@code pods/ephemeralcontainers} subresource): pods
     * without the {@code spark-role} label are allowed; Spark pods are held to the policies' image, Pod Security,
     * service account and proxy-user rules (CREATE and UPDATE) and quotas (CREATE).
     */
    public AdmissionDecision validatePod(AdmissionInput in, ClusterView view) {
        if (in.operation() != Operation.CREATE && in.operation() != Operation.UPDATE) {
            return AdmissionDecision.allow();
        }
        String relabelled = roleLabelChange(in);
        if (relabelled != null) {
            return AdmissionDecision.deny(relabelled);
        }
        // As Kubernetes' own Pod Security admission does, an UPDATE that leaves the spec alone (labels,
        // annotations, finalizers) is not re-checked: a pod admitted before a policy tightened stays updatable.
        if (specUnchanged(in)) {
            return AdmissionDecision.allow();
        }
        Pod pod;
        Resources resources;
        try {
            pod = ObjectReading.read(Json.mapper(), in.object(), Pod.class);
            if (pod.getMetadata() == null || PodResources.label(pod, SparkLabels.SPARK_ROLE) == null) {
                return AdmissionDecision.allow();
            }
            resources = PodResources.of(pod);
        } catch (IllegalArgumentException e) {
            return AdmissionDecision.invalid(e.getMessage());
        }
        List<SparkPolicy> applicable = policies.get().policiesFor(view, in.namespace());
        List<PolicyViolation> violations = new ArrayList<>();
        applicable.forEach(p -> violations.addAll(PolicyRuleCheck.pod(p, pod.getSpec())));
        applicable.forEach(p -> violations.addAll(PodSecurityCheck.pod(p, pod)));
        if (in.operation() == Operation.CREATE) {
            boolean reserve = !in.dryRun() && Verdicts.admits(violations);
            if (commit == null || noQuota(applicable)) {
                violations.addAll(podQuota.admit(applicable, view, in.namespace(), pod, resources, reserve));
            } else {
                ReservationLedger.Key key = podQuota.key(in.namespace(), pod);
                String appName = PodResources.label(pod, SparkLabels.APP_NAME);
                violations.addAll(commit.admit(applicable, (p, reservations) -> podQuota.tenant(p, view,
                        in.namespace(), pod, resources, reservations),
                        reserve ? reservation(key, appName, resources) : null));
            }
        }
        return Verdicts.of(violations);
    }

    /**
     * Decides a SparkPolicy ({@code POST /validate/sparkpolicies}): a malformed policy (unknown field, bad
     * selector, negative quota, bad enum) is refused whole, so the previous valid version keeps working.
     */
    public AdmissionDecision validateSparkPolicy(AdmissionInput in) {
        if (in.operation() != Operation.CREATE && in.operation() != Operation.UPDATE) {
            return AdmissionDecision.allow();
        }
        List<String> problems = SparkPolicyValidator.validate(in.object());
        return problems.isEmpty() ? AdmissionDecision.allow() : AdmissionDecision.invalid(problems);
    }

    private static boolean noQuota(List<SparkPolicy> applicable) {
        return applicable.stream().noneMatch(p -> p.getSpec().quota() != null);
    }

    private static ReservationLedger.Reservation reservation(ReservationLedger.Key key, String app,
                                                             Resources amount) {
        return new ReservationLedger.Reservation(key, app, amount, java.time.Instant.EPOCH);
    }

    private static AppDemand demand(SparkApplication app, List<String> problems) {
        try {
            return AppDemand.of(app);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * Why an UPDATE of a Spark pod that removes or changes its {@code spark-role} label is refused, or null: without
     * the label the pod would leave every later check (kubectl debug, image changes) and the tenant's quota.
     */
    private static String roleLabelChange(AdmissionInput in) {
        if (in.operation() != Operation.UPDATE || in.oldObject() == null || in.object() == null) {
            return null;
        }
        JsonNode was = in.oldObject().path("metadata").path("labels").path(SparkLabels.SPARK_ROLE);
        if (!was.isTextual()) {
            return null;
        }
        JsonNode now = in.object().path("metadata").path("labels").path(SparkLabels.SPARK_ROLE);
        return was.equals(now) ? null : "metadata.labels[\"" + SparkLabels.SPARK_ROLE + "\"]: the label of a Spark pod "
                + "may not be removed or changed (was \"" + was.textValue() + "\")";
    }

    /** An UPDATE that leaves the spec unchanged (status, labels, finalizers) is not re-validated. */
    private static boolean specUnchanged(AdmissionInput in) {
        if (in.operation() != Operation.UPDATE || in.oldObject() == null || in.object() == null) {
            return false;
        }
        JsonNode oldSpec = in.oldObject().get("spec");
        return oldSpec != null && oldSpec.equals(in.object().get("spec"));
    }
}
