package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.ConcurrencyPolicy;
import io.sparkgate.api.v1beta2.ScheduleState;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.ScheduledSparkApplicationSpec;
import io.sparkgate.api.v1beta2.ScheduledSparkApplicationStatus;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs ScheduledSparkApplications: creates {@code <name>-<unix seconds of the scheduled time>} SparkApplications
 * from the template on the cron schedule (the name is a function of the tick, so a restarted operator cannot
 * create a tick's run twice), applies the concurrency policy, trims run history and keeps the status.
 */
public final class ScheduledAppReconciler {
    /** The label naming the ScheduledSparkApplication a run was created from (kubeflow's). */
    public static final String SCHEDULED_APP_LABEL = "sparkoperator.k8s.io/scheduled-app-name";

    private final KubernetesClient client;
    private final Function<String, ScheduledSparkApplication> scheduled;
    private final Supplier<List<SparkApplication>> apps;
    private final EventRecorder events;
    private final Clock clock;
    /**
     * Per scheduled app (uid), the tick last skipped under Forbid. The tick stays due while its run is forbidden and
     * every reconcile meets it again; the Event says so once per tick (once more after an operator restart).
     */
    private final Map<String, Instant> skippedTicks = new ConcurrentHashMap<>();

    /** A reconciler reading scheduled apps and runs from informer caches. */
    public ScheduledAppReconciler(KubernetesClient client, Function<String, ScheduledSparkApplication> scheduled,
                                  Supplier<List<SparkApplication>> apps, EventRecorder events, Clock clock) {
        this.client = client;
        this.scheduled = scheduled;
        this.apps = apps;
        this.events = events;
        this.clock = clock;
    }

    /** Reconciles {@code namespace/name}; returns when the next run is due, or null. */
    public Duration reconcile(String key) {
        ScheduledSparkApplication app = scheduled.apply(key);
        if (app == null || app.getMetadata().getDeletionTimestamp() != null || app.getSpec() == null) {
            if (app != null && app.getMetadata().getUid() != null) {
                skippedTicks.remove(app.getMetadata().getUid());
            }
            return null;
        }
        ScheduledSparkApplicationSpec spec = app.getSpec();
        ScheduledSparkApplicationStatus old = app.getStatus() == null ? new ScheduledSparkApplicationStatus(null,
                null, null, null, null, null, null) : app.getStatus();
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(spec.schedule(), spec.timeZone());
        } catch (IllegalArgumentException e) {
            writeStatus(app, new ScheduledSparkApplicationStatus(old.lastRun(), null, old.lastRunName(),
                    old.pastSuccessfulRunNames(), old.pastFailedRunNames(), ScheduleState.FAILED_VALIDATION,
                    e.getMessage()));
            if (old.scheduleState() != ScheduleState.FAILED_VALIDATION) {
                events.record(app, true, "ScheduledSparkApplicationFailedValidation", e.getMessage());
            }
            return null;
        }
        Instant now = clock.instant();
        List<SparkApplication> runs = runsOf(app);
        List<String> succeeded = trim(app, runs, ApplicationStateType.COMPLETED, spec.successfulRunHistoryLimitOrDefault());
        List<String> failed = trim(app, runs, ApplicationStateType.FAILED, spec.failedRunHistoryLimitOrDefault());
        Instant last = parse(old.lastRun());
        Instant due = schedule.next(last != null ? last : parse(app.getMetadata().getCreationTimestamp(), now));
        String lastRun = old.lastRun();
        String lastRunName = old.lastRunName();
        if (!Boolean.TRUE.equals(spec.suspend()) && !now.isBefore(due)) {
            Instant tick = latestTick(schedule, due, now);
            if (startRun(app, runs, tick)) {
                lastRun = AppStateMachine.time(tick);
                lastRunName = runName(app, tick);
            }
            due = schedule.next(tick);
        }
        ScheduledSparkApplicationStatus status = new ScheduledSparkApplicationStatus(lastRun,
                AppStateMachine.time(due), lastRunName, succeeded, failed, ScheduleState.SCHEDULED, null);
        writeStatus(app, status);
        return Boolean.TRUE.equals(spec.suspend()) ? null : Duration.between(now, due);
    }

    /**
     * The last tick due by {@code now}, starting from the first due one: after downtime only one run starts for all
     * the ticks missed (as kubeflow does), and it is named after the latest of them.
     */
    private static Instant latestTick(CronSchedule schedule, Instant firstDue, Instant now) {
        Instant tick = firstDue;
        for (int i = 0; i < 100_000; i++) {
            Instant next = schedule.next(tick);
            if (next.isAfter(now)) {
                break;
            }
            tick = next;
        }
        return tick;
    }

    /** Starts the run of tick {@code at} unless the concurrency policy forbids it; true if it was started. */
    private boolean startRun(ScheduledSparkApplication app, List<SparkApplication> runs, Instant at) {
        List<SparkApplication> active = runs.stream().filter(r -> r.getStatus() == null
                || !r.getStatus().state().isTerminal()).toList();
        ConcurrencyPolicy policy = app.getSpec().concurrencyPolicyOrDefault();
        String uid = app.getMetadata().getUid() == null ? "" : app.getMetadata().getUid();
        if (policy == ConcurrencyPolicy.Forbid && !active.isEmpty()) {
            if (!at.equals(skippedTicks.put(uid, at))) {
                events.record(app, false, "ScheduledSparkApplicationRunSkipped", "run at " + at
                        + " skipped: concurrencyPolicy Forbid and " + active.size() + " run(s) still active");
            }
            return false;
        }
        skippedTicks.remove(uid);
        if (policy == ConcurrencyPolicy.Replace) {
            active.forEach(this::delete);
        }
        SparkApplication run = new SparkApplication();
        run.getMetadata().setName(runName(app, at));
        run.getMetadata().setNamespace(app.getMetadata().getNamespace());
        run.getMetadata().setLabels(Map.of(SCHEDULED_APP_LABEL, app.getMetadata().getName()));
        run.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(SparkApplication.API_VERSION).withKind("ScheduledSparkApplication")
                .withName(app.getMetadata().getName()).withUid(app.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build()));
        run.setSpec(Json.deepCopy(app.getSpec().template() == null ? new SparkApplicationSpec()
                : app.getSpec().template(), SparkApplicationSpec.class));
        try {
            client.resources(SparkApplication.class).inNamespace(run.getMetadata().getNamespace()).resource(run)
                    .create();
            events.record(app, false, "ScheduledSparkApplicationRunStarted", "started run "
                    + run.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // This tick's run exists already: created before a restart. Nothing to do.
        }
        return true;
    }

    private List<SparkApplication> runsOf(ScheduledSparkApplication app) {
        String ns = app.getMetadata().getNamespace();
        String name = app.getMetadata().getName();
        return apps.get().stream().filter(a -> ns.equals(a.getMetadata().getNamespace())
                        && a.getMetadata().getLabels() != null
                        && name.equals(a.getMetadata().getLabels().get(SCHEDULED_APP_LABEL)))
                .sorted(Comparator.comparing((SparkApplication a) -> a.getMetadata().getName()).reversed())
                .toList();
    }

    /** Keeps the newest {@code limit} runs that ended in {@code state}, deletes older ones; returns the kept names. */
    private List<String> trim(ScheduledSparkApplication app, List<SparkApplication> runs, ApplicationStateType state,
                              int limit) {
        List<SparkApplication> ended = runs.stream().filter(r -> r.getStatus() != null
                && r.getStatus().state() == state).toList();
        ended.stream().skip(Math.max(0, limit)).forEach(this::delete);
        return ended.stream().limit(Math.max(0, limit)).map(r -> r.getMetadata().getName()).toList();
    }

    private void delete(SparkApplication run) {
        client.resources(SparkApplication.class).inNamespace(run.getMetadata().getNamespace())
                .withName(run.getMetadata().getName()).delete();
    }

    private void writeStatus(ScheduledSparkApplication app, ScheduledSparkApplicationStatus status) {
        if (Json.mapper().valueToTree(status).equals(Json.mapper().valueToTree(app.getStatus()))) {
            return;
        }
        ScheduledSparkApplication copy = new ScheduledSparkApplication();
        copy.setMetadata(app.getMetadata());
        copy.setSpec(app.getSpec());
        copy.setStatus(status);
        client.resources(ScheduledSparkApplication.class).inNamespace(app.getMetadata().getNamespace())
                .resource(copy).updateStatus();
    }

    /** {@code <name>-<unix seconds of the tick>}: one name per tick. */
    static String runName(ScheduledSparkApplication app, Instant tick) {
        return app.getMetadata().getName() + "-" + tick.getEpochSecond();
    }

    private static Instant parse(String time) {
        return parse(time, null);
    }

    private static Instant parse(String time, Instant fallback) {
        try {
            return time == null || time.isBlank() ? fallback : Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }
}
