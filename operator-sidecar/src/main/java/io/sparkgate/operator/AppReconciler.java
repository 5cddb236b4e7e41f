package io.sparkgate.operator;

import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.DriverInfo;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.launcher.SubmissionResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one SparkApplication: asks {@link AppStateMachine} for the next step and carries it out (submit,
 * delete a run's objects, write the status, delete the app), recording an Event per transition. Reads come from
 * informer caches; the only writes are the step's.
 */
public final class AppReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(AppReconciler.class);

    private final Function<String, SparkApplication> apps;
    private final PodIndex pods;
    private final AppSubmitter submitter;
    private final AppValidator validator;
    private final StatusWriter writer;
    private final RunResources resources;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final AppStateMachine machine;
    private final String ingressUrlFormat;
    /** The apps as we last wrote them, newer than the informer cache until its watch catches up. */
    private final Map<String, SparkApplication> written = new ConcurrentHashMap<>();
    /** What this reconciler itself did to each app, so that the informer events it caused are told apart. */
    private final Map<String, Own> own = new ConcurrentHashMap<>();

    /**
     * The last two resourceVersions written (opaque strings, compared only for equality; null for none) and the
     * last submission id started for one app (its uid's).
     */
    private record Own(String uid, String version, String previous, String submissionId) {
    }

    /** Collaborators of the reconciler; {@code apps} looks an app up by {@code namespace/name} in the cache. */
    public record Deps(Function<String, SparkApplication> apps, PodIndex pods, AppSubmitter submitter,
                       AppValidator validator, io.fabric8.kubernetes.client.KubernetesClient client,
                       EventRecorder events, OperatorMetrics metrics, Clock clock, Duration driverGracePeriod,
                       String ingressUrlFormat) {
    }

    /** A reconciler wired from {@code deps}. */
    public AppReconciler(Deps deps) {
        this.apps = deps.apps();
        this.pods = deps.pods();
        this.submitter = deps.submitter();
        this.validator = deps.validator();
        this.writer = new StatusWriter(deps.client());
        this.resources = new RunResources(deps.client());
        this.events = deps.events();
        this.metrics = deps.metrics();
        this.clock = deps.clock();
        this.machine = new AppStateMachine(deps.driverGracePeriod());
        this.ingressUrlFormat = deps.ingressUrlFormat();
    }

    /** Reconciles the app {@code namespace/name}; returns when to look again, or null for "on the next event". */
    public Duration reconcile(String key) {
        SparkApplication app = freshest(key);
        if (app == null || app.getMetadata().getDeletionTimestamp() != null) {
            written.remove(key);
            if (app == null) {
                own.remove(key);
            }
            return null;
        }
        RunPods run = pods.runOf(app);
        Instant now = clock.instant();
        Step step = machine.decide(app, run, now);
        if (step instanceof Step.Submit submit) {
            return submit(key, app, submit, now);
        } else if (step instanceof Step.Update update) {
            if (update.cleanup() == Step.Cleanup.RELEASE) {
                resources.release(app, run);
            } else if (update.cleanup() == Step.Cleanup.REMOVE_RUN) {
                resources.removeRun(app, run);
            }
            write(key, app, update.status());
            return update.requeueAfter();
        } else if (step instanceof Step.DeleteApp) {
            LOG.info("deleting {}: time to live of {}s after termination has passed", key,
                    app.getSpec().timeToLiveSeconds());
            resources.deleteApp(app);
            written.remove(key);
            return null;
        }
        return ((Step.Wait) step).after();
    }

    private Duration submit(String key, SparkApplication app, Step.Submit submit, Instant now) {
        List<String> problems = validator.problems(app);
        if (!problems.isEmpty()) {
            metrics.submission("rejected", null);
            write(key, app, machine.rejected(app, String.join("; ", problems), now));
            return null;
        }
        String uid = app.getMetadata().getUid();
        own.compute(key, (k, o) -> o == null || !o.uid().equals(uid) ? new Own(uid, null, null, submit.submissionId())
                : new Own(uid, o.version(), o.previous(), submit.submissionId()));
        long start = System.nanoTime();
        SubmissionResult result = submitter.submit(app, submit.submissionId());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!result.succeeded() && Thread.currentThread().isInterrupted()) {
            // Shutting down: the failure is ours, not the app's. Leave the status alone; the next leader retries.
            throw new IllegalStateException("submission of " + key + " interrupted by shutdown");
        }
        metrics.submission(outcome(result), took);
        SparkApplicationStatus status = machine.afterSubmission(app, result, submit.run(), now);
        if (result.succeeded()) {
            status.setDriverInfo(exposeUi(key, app, status));
        }
        SparkApplication stored = write(key, app, status);
        if (result.succeeded() && stored != null && status.getSubmissionAttempts() == 1) {
            metrics.submittedAfter(sinceCreation(app, now));
        }
        return null;
    }

    private DriverInfo exposeUi(String key, SparkApplication app, SparkApplicationStatus status) {
        try {
            resources.exposeDriverPorts(app, status.getSparkApplicationId());
            return resources.exposeUi(app, status.getSparkApplicationId(), status.getDriverInfo(), ingressUrlFormat);
        } catch (RuntimeException e) {
            // The UI is a convenience: a failure to expose it must not fail the run.
            LOG.warn("cannot create the Spark UI or driver-port Services of {}: {}", key, e.getMessage());
            return status.getDriverInfo();
        }
    }

    private SparkApplication write(String key, SparkApplication app, SparkApplicationStatus status) {
        SparkApplicationStatus old = app.getStatus() == null ? new SparkApplicationStatus() : app.getStatus();
        if (Json.mapper().valueToTree(old).equals(Json.mapper().valueToTree(status))) {
            return app;
        }
        SparkApplication stored = writer.write(app, status);
        if (stored == null) {
            written.remove(key);
            return null;
        }
        written.put(key, stored);
        String uid = stored.getMetadata().getUid();
        String v = stored.getMetadata().getResourceVersion();
        own.compute(key, (k, o) -> o == null || !o.uid().equals(uid) ? new Own(uid, v, null, null)
                : new Own(uid, v, o.version(), o.submissionId()));
        ApplicationStateType from = old.state();
        ApplicationStateType to = status.state();
        if (from != to) {
            metrics.transition(to);
            String message = "SparkApplication " + app.getMetadata().getName() + " " + name(from) + " -> "
                    + name(to) + (status.getApplicationState().errorMessage() == null ? ""
                    : ": " + status.getApplicationState().errorMessage());
            LOG.info("{}: {} -> {}", key, name(from), name(to));
            events.record(stored, warning(to), reason(to), message);
        }
        return stored;
    }

    /** Whether {@code app} as an informer saw it is one of the last two versions this reconciler wrote. */
    public boolean wrote(SparkApplication app) {
        Own o = own.get(Cache.metaNamespaceKeyFunc(app));
        String v = app.getMetadata().getResourceVersion();
        return o != null && v != null && o.uid().equals(app.getMetadata().getUid())
                && (v.equals(o.version()) || v.equals(o.previous()));
    }

    /** Whether this reconciler started the submission {@code submissionId} of the app {@code namespace/name}. */
    public boolean submitted(String key, String submissionId) {
        Own o = own.get(key);
        return o != null && submissionId != null && submissionId.equals(o.submissionId());
    }

    /** The cached app, or the one we wrote last if the cache has not seen our write yet. */
    private SparkApplication freshest(String key) {
        SparkApplication cached = apps.apply(key);
        SparkApplication ours = written.get(key);
        if (ours == null || cached == null) {
            return cached;
        }
        if (!ours.getMetadata().getUid().equals(cached.getMetadata().getUid())
                || version(cached) >= version(ours)) {
            written.remove(key);
            return cached;
        }
        return ours;
    }

    private static long version(SparkApplication app) {
        try {
            return Long.parseLong(app.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Duration sinceCreation(SparkApplication app, Instant now) {
        try {
            return Duration.between(Instant.parse(app.getMetadata().getCreationTimestamp()), now);
        } catch (RuntimeException e) {
            return Duration.ofSeconds(-1);
        }
    }

    private static String outcome(SubmissionResult result) {
        if (result instanceof SubmissionResult.Submitted) {
            return "submitted";
        }
        return result instanceof SubmissionResult.Adopted ? "adopted" : "failed";
    }

    private static String name(ApplicationStateType state) {
        return state == ApplicationStateType.NEW ? "NEW" : state.value();
    }

    private static boolean warning(ApplicationStateType state) {
        return switch (state) {
            case FAILED, FAILING, SUBMISSION_FAILED, UNKNOWN -> true;
            default -> false;
        };
    }

    /** kubeflow-style Event reasons: {@code SparkApplicationSubmitted}, {@code SparkApplicationPendingRerun}, .... */
    static String reason(ApplicationStateType state) {
        StringBuilder sb = new StringBuilder("SparkApplication");
        for (String part : name(state).toLowerCase(java.util.Locale.ROOT).split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
