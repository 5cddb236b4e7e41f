package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.webhook.apps.AppLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /mutate/pods}: finds the Spark role from the {@code spark-role} label and the SparkApplication from the
 * {@code sparkoperator.k8s.io/app-name} label in the AdmissionRequest's namespace, runs the pod mutation on a copy
 * and answers with the diff as the patch. A refused mutation is a 403 whose message is the refusal; an object that
 * cannot be read as a Pod is a 422 (reason Invalid) naming the field. A pod without containers gets no container
 * mutation, only warnings (the API server then refuses it for {@code spec.containers}). Pods without a Spark role,
 * other kinds and operations other than CREATE are allowed untouched.
 */
public final class PodMutatingHandler implements AdmissionHandler {
    private final PodMutation mutation;
    private final AppLookup apps;
    private final AppWait wait;
    private final AdmissionMetrics metrics;

    /**
     * @param mutation what to do to a Spark pod
     * @param apps     the cache of SparkApplications
     * @param wait     how long to wait for an app missing from the cache, and what to do then
     * @param metrics  where a missing app is counted
     */
    public PodMutatingHandler(PodMutation mutation, AppLookup apps, AppWait wait, AdmissionMetrics metrics) {
        this.mutation = mutation;
        this.apps = apps;
        this.wait = wait;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<AdmissionOutcome> handle(AdmissionCall call) {
        if (!call.is("", "Pod")) {
            return done(new AdmissionOutcome.Skipped("not a Pod: " + call.kind()));
        }
        if (!"CREATE".equals(call.operation())) {
            // Pod specs are immutable after creation: only CREATE can be mutated usefully.
            return done(new AdmissionOutcome.Skipped("operation " + call.operation() + " is not mutated"));
        }
        Optional<SparkRole> role = SparkRole.fromLabel(call.label(SparkLabels.SPARK_ROLE));
        if (role.isEmpty()) {
            return done(new AdmissionOutcome.Skipped("no spark-role label"));
        }
        var unbounded = BoundedInput.problem(call.object());
        if (unbounded.isPresent()) {
            return done(fallback(call, 422, "Invalid", "Pod \"" + call.name() + "\" is invalid: " + unbounded.get()));
        }
        String namespace = namespace(call);
        String appName = call.label(SparkLabels.APP_NAME);
        if (appName == null || appName.isEmpty()) {
            return done(mutate(call, namespace, role.get(), null)); // plain spark-submit: no app
        }
        Optional<SparkApplication> app = apps.find(namespace, appName);
        if (app.isPresent()) {
            return done(mutate(call, namespace, role.get(), app.get()));
        }
        CompletableFuture<AdmissionOutcome> outcome = new CompletableFuture<>();
        poll(call, namespace, role.get(), appName, wait.attempts(), outcome);
        return outcome;
    }

    /** A pod that cannot be mutated in time is admitted unchanged: {@code /validate/pods} still checks it. */
    @Override
    public AdmissionOutcome fallback(AdmissionCall call, int code, String reason, String message) {
        return new AdmissionOutcome.Allowed(List.of("admitted without sparkgate's mutation: " + message));
    }

    private void poll(AdmissionCall call, String namespace, SparkRole role, String appName, int attemptsLeft,
                      CompletableFuture<AdmissionOutcome> outcome) {
        if (attemptsLeft <= 0) {
            outcome.complete(missing(call, namespace, role, appName));
            return;
        }
        wait.scheduler().schedule(wait.pollInterval().toMillis(), () -> {
            try {
                Optional<SparkApplication> app = apps.find(namespace, appName);
                if (app.isPresent()) {
                    outcome.complete(mutate(call, namespace, role, app.get()));
                } else {
                    poll(call, namespace, role, appName, attemptsLeft - 1, outcome);
                }
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        });
    }

    private AdmissionOutcome missing(AdmissionCall call, String namespace, SparkRole role, String appName) {
        metrics.appMissing(wait.missingApp());
        String message = "SparkApplication " + namespace + "/" + appName + " is not known to sparkgate after "
                + wait.timeout().toMillis() + " ms";
        return switch (wait.missingApp()) {
            case DENY -> new AdmissionOutcome.Denied(403, "Forbidden", message + ": pod denied, retry once it exists",
                    List.of());
            // Only the app-independent mutations (the admins' pod defaults) can apply without the app.
            case ALLOW -> mutate(call, namespace, role, null, message + "; only the admin defaults are applied");
        };
    }

    private AdmissionOutcome mutate(AdmissionCall call, String namespace, SparkRole role, SparkApplication app) {
        return mutate(call, namespace, role, app, null);
    }

    private AdmissionOutcome mutate(AdmissionCall call, String namespace, SparkRole role, SparkApplication app,
                                    String firstWarning) {
        MutationResult result = mutation.mutate(new MutationContext(namespace, role, app), call.object());
        if (result.invalid().isPresent()) {
            // Worded as the API server words an invalid object; its own validation would refuse the pod too.
            return new AdmissionOutcome.Denied(422, "Invalid", "Pod \"" + call.name() + "\" is invalid: "
                    + result.invalid().get(), firstWarning == null ? List.of() : List.of(firstWarning));
        }
        List<String> warnings = result.warnings();
        if (firstWarning != null) {
            warnings = new ArrayList<>(warnings.size() + 1);
            warnings.add(firstWarning);
            warnings.addAll(result.warnings());
        }
        if (result.refused()) {
            return new AdmissionOutcome.Denied(403, "Forbidden", result.refusal().orElseThrow(), warnings);
        }
        return result.changed() ? new AdmissionOutcome.Patched(result.patch(), warnings)
                : new AdmissionOutcome.Allowed(warnings);
    }

    private static String namespace(AdmissionCall call) {
        if (!call.namespace().isEmpty()) {
            return call.namespace();
        }
        JsonNode ns = call.object().path("metadata").path("namespace");
        return ns.isTextual() ? ns.textValue() : "default";
    }

    private static CompletionStage<AdmissionOutcome> done(AdmissionOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /**
     * How to wait for an app missing from the cache: poll every {@code pollInterval} up to {@code timeout}, then
     * apply {@code missingApp}. The timeout must stay well under the API server's 10 s webhook timeout.
     */
    public record AppWait(Duration timeout, Duration pollInterval, MissingAppPolicy missingApp, Scheduler scheduler) {
        /** Checks the bounds. */
        public AppWait {
            if (timeout.isNegative() || timeout.compareTo(Duration.ofSeconds(8)) > 0) {
                throw new IllegalArgumentException("the app wait must be between 0 and 8 s (the API server gives up "
                        + "after 10 s), got " + timeout.toMillis() + " ms");
            }
            if (pollInterval.isZero() || pollInterval.isNegative()) {
                throw new IllegalArgumentException("the app poll interval must be positive");
            }
        }

        int attempts() {
            return (int) Math.ceil((double) timeout.toMillis() / pollInterval.toMillis());
        }
    }
}
