package io.sparkgate.webhook.admission;

import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.PolicyViolation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validating endpoint for one kind: hands the request to its validator. Other kinds, operations outside
 * {@code operations}, subresources outside {@code subResources} (when given) and objects the {@code applies}
 * filter rejects are allowed untouched. Every policy violation
 * of the decision is counted ({@code sparkgate.policy.violations}) and logged, including the {@code dryrun} ones
 * the client never sees. Never a patch.
 */
public final class ValidatingHandler implements AdmissionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ValidatingHandler.class);

    private final String group;
    private final String kind;
    private final Set<String> operations;
    private final Set<String> subResources;
    private final Predicate<AdmissionCall> applies;
    private final ObjectValidator validator;
    private final AdmissionMetrics metrics;

    /**
     * @param group      the API group of the kind ({@code ""} for core)
     * @param kind       the kind this endpoint validates
     * @param operations the operations validated, e.g. CREATE and UPDATE
     * @param applies    which objects of the kind are sparkgate's (e.g. pods with a spark-role label)
     * @param validator  the decision
     * @param metrics    where policy violations are counted
     */
    public ValidatingHandler(String group, String kind, Set<String> operations, Predicate<AdmissionCall> applies,
                             ObjectValidator validator, AdmissionMetrics metrics) {
        this(group, kind, operations, null, applies, validator, metrics);
    }

    /**
     * An endpoint that validates only the resource and the named subresources.
     *
     * @param subResources the subresources validated, {@code ""} for the resource itself (e.g. {@code ""} and
     *                     {@code ephemeralcontainers} for pods); null validates whatever is routed here
     */
    public ValidatingHandler(String group, String kind, Set<String> operations, Set<String> subResources,
                             Predicate<AdmissionCall> applies, ObjectValidator validator, AdmissionMetrics metrics) {
        this.group = group;
        this.kind = kind;
        this.operations = Set.copyOf(operations);
        this.subResources = subResources == null ? null : Set.copyOf(subResources);
        this.applies = applies;
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<AdmissionOutcome> handle(AdmissionCall call) {
        return CompletableFuture.completedFuture(decide(call));
    }

    private AdmissionOutcome decide(AdmissionCall call) {
        if (!call.is(group, kind)) {
            return new AdmissionOutcome.Skipped("not a " + kind + ": " + call.kind());
        }
        if (!call.knownOperation()) {
            // Fail closed: an operation the API server does not send (or a misspelt one) is never waved through.
            return new AdmissionOutcome.Denied(400, "BadRequest", "operation \"" + call.operation()
                    + "\" is not an admission operation (CREATE, UPDATE, DELETE or CONNECT)", List.of());
        }
        if (!operations.contains(call.operation())) {
            return new AdmissionOutcome.Skipped("operation " + call.operation() + " is not validated");
        }
        if (subResources != null && !subResources.contains(call.subResource())) {
            return new AdmissionOutcome.Skipped("subresource " + call.subResource() + " is not validated");
        }
        if (("CREATE".equals(call.operation()) || "UPDATE".equals(call.operation()))
                && (call.object().path("spec").isMissingNode() || call.object().path("spec").isNull())) {
            return new AdmissionOutcome.Denied(400, "BadRequest", kind + " " + call.operation()
                    + " without an object spec: nothing to validate, so it is refused", List.of());
        }
        if (!applies.test(call)) {
            return new AdmissionOutcome.Skipped("not a Spark object");
        }
        var unbounded = BoundedInput.problem(call.object());
        if (unbounded.isPresent()) {
            return fallback(call, 422, "Invalid", kind + " \"" + call.name() + "\" is invalid: " + unbounded.get());
        }
        AdmissionDecision decision = validator.validate(call);
        record(decision);
        if (decision instanceof AdmissionDecision.Denied d) {
            return new AdmissionOutcome.Denied(d.code(), d.reason(), d.message(), d.warnings());
        }
        return new AdmissionOutcome.Allowed(decision.warnings());
    }

    private void record(AdmissionDecision decision) {
        for (PolicyViolation v : decision.violations()) {
            metrics.violation(v);
            // dryrun violations reach nobody else: this line and the metric are how an admin sees them.
            LOG.info("policy violation [{}] SparkPolicy {} rule {}: {}", v.action().value(), v.policy(), v.rule(),
                    v.message());
        }
    }
}
