package io.sparkgate.webhook.admission;

import io.sparkgate.api.Json;
import io.sparkgate.policy.AdmissionDecision;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * A validating endpoint for one kind: reads {@code request.object} into its type and asks the validator. Other
 * kinds, operations outside {@code operations} and objects the {@code applies} filter rejects are allowed
 * untouched; an object that cannot be read as its kind is denied 422 naming the problem. Never a patch.
 *
 * @param <T> the object type
 */
public final class ValidatingHandler<T> implements AdmissionHandler {
    private final String group;
    private final String kind;
    private final Class<T> type;
    private final Set<String> operations;
    private final Predicate<AdmissionCall> applies;
    private final ObjectValidator<T> validator;

    /**
     * @param group      the API group of the kind ({@code ""} for core)
     * @param kind       the kind this endpoint validates
     * @param type       the class the object is read into
     * @param operations the operations validated, e.g. CREATE and UPDATE
     * @param applies    which objects of the kind are sparkgate's (e.g. pods with a spark-role label)
     * @param validator  the decision
     */
    public ValidatingHandler(String group, String kind, Class<T> type, Set<String> operations,
                             Predicate<AdmissionCall> applies, ObjectValidator<T> validator) {
        this.group = group;
        this.kind = kind;
        this.type = type;
        this.operations = Set.copyOf(operations);
        this.applies = applies;
        this.validator = validator;
    }

    @Override
    public CompletionStage<AdmissionOutcome> handle(AdmissionCall call) {
        return CompletableFuture.completedFuture(decide(call));
    }

    private AdmissionOutcome decide(AdmissionCall call) {
        if (!call.is(group, kind)) {
            return new AdmissionOutcome.Skipped("not a " + kind + ": " + call.kind());
        }
        if (!operations.contains(call.operation())) {
            return new AdmissionOutcome.Skipped("operation " + call.operation() + " is not validated");
        }
        if (!applies.test(call)) {
            return new AdmissionOutcome.Skipped("not a Spark object");
        }
        T object;
        try {
            object = Json.mapper().treeToValue(call.object(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            return new AdmissionOutcome.Denied(422, "Invalid", kind + " " + call.name() + " cannot be read: " + why,
                    java.util.List.of());
        }
        AdmissionDecision decision = validator.validate(call, object);
        if (decision instanceof AdmissionDecision.Denied d) {
            return new AdmissionOutcome.Denied(d.code(), d.reason(), d.message(), d.warnings());
        }
        return new AdmissionOutcome.Allowed(decision.warnings());
    }
}
