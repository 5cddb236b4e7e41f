package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.DriverInfo;
import io.sparkgate.api.v1beta2.ExecutorState;
import io.sparkgate.api.v1beta2.RestartPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.launcher.SubmissionResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kubeflow's SparkApplication state machine as a pure function of (app, its run's pods, now): no I/O, so every
 * transition and every retry time is tested with a fixed clock. The stored status is only a starting point: states
 * that follow a driver are recomputed from the driver pod, so a hand-edited status does not stick.
 */
public final class AppStateMachine {
    /** How soon to look again while objects are being deleted. */
    static final Duration CLEANUP_POLL = Duration.ofSeconds(1);

    private final Duration driverGracePeriod;

    /** A state machine that fails a run whose driver pod is still missing {@code driverGracePeriod} after submission. */
    public AppStateMachine(Duration driverGracePeriod) {
        this.driverGracePeriod = driverGracePeriod;
    }

    /** The next step for the app given its run's pods. */
    public Step decide(SparkApplication app, RunPods pods, Instant now) {
        SparkApplicationStatus status = copyStatus(app);
        ApplicationStateType state = status.state();
        if (app.getSpec().suspend() && !state.isTerminal()) {
            return suspend(status, pods);
        }
        if (state == ApplicationStateType.SUSPENDED || state == ApplicationStateType.SUSPENDING) {
            return update(status, ApplicationState.of(ApplicationStateType.RESUMING), Step.Cleanup.NONE,
                    Duration.ZERO);
        }
        if (state != ApplicationStateType.INVALIDATING && SubmissionIds.specChangedSinceSubmission(app)) {
            status.setExecutionAttempts(0);
            status.setSubmissionAttempts(0);
            return update(status, ApplicationState.of(ApplicationStateType.INVALIDATING), Step.Cleanup.REMOVE_RUN,
                    CLEANUP_POLL);
        }
        RestartPolicy policy = app.getSpec().restartPolicy();
        return switch (state) {
            // A NEW state with a live driver of the recorded submission is a hand-edited (or unreadable) status:
            // follow the driver rather than submit a second one.
            case NEW -> pods.driver() != null ? followDriver(status, pods, now) : submitNext(app, status);
            case SUBMITTED, RUNNING, UNKNOWN -> followDriver(status, pods, now);
            case SUCCEEDING -> RetryPolicy.rerunAfterSuccess(policy)
                    ? update(status, ApplicationState.of(ApplicationStateType.PENDING_RERUN), Step.Cleanup.REMOVE_RUN,
                    CLEANUP_POLL)
                    : terminate(status, ApplicationState.of(ApplicationStateType.COMPLETED), now);
            case FAILING -> afterFailedRun(status, policy, now);
            case SUBMISSION_FAILED -> afterFailedSubmission(app, status, policy, now);
            case PENDING_RERUN, INVALIDATING, RESUMING -> pods.gone() ? submitNext(app, status)
                    : new Step.Update(status, Step.Cleanup.REMOVE_RUN, CLEANUP_POLL);
            case COMPLETED, FAILED -> finished(app, status, pods, now);
            case SUSPENDING, SUSPENDED -> new Step.Wait(null);
        };
    }

    /** The status after a submission attempt for run number {@code run}. */
    public SparkApplicationStatus afterSubmission(SparkApplication app, SubmissionResult result, int run,
                                                  Instant now) {
        SparkApplicationStatus status = copyStatus(app);
        status.setSubmissionAttempts(status.getSubmissionAttempts() + 1);
        status.setLastSubmissionAttemptTime(time(now));
        if (result instanceof SubmissionResult.Submitted s) {
            started(status, s.driverPodName(), s.appId(), s.submissionId(), run);
        } else if (result instanceof SubmissionResult.Adopted a) {
            started(status, a.driverPodName(), a.appId(), a.submissionId(), run);
        } else if (result instanceof SubmissionResult.Failed f && f.retryable()) {
            status.setApplicationState(new ApplicationState(ApplicationStateType.SUBMISSION_FAILED, f.reason()));
        } else if (result instanceof SubmissionResult.Failed f) {
            status.setApplicationState(new ApplicationState(ApplicationStateType.FAILED, f.reason()));
            status.setTerminationTime(time(now));
        }
        return status;
    }

    /** The status of an app the webhook's rules reject: failed for good, with the problems as the message. */
    public SparkApplicationStatus rejected(SparkApplication app, String problems, Instant now) {
        SparkApplicationStatus status = copyStatus(app);
        status.setApplicationState(new ApplicationState(ApplicationStateType.FAILED,
                "invalid SparkApplication, not submitted: " + problems));
        status.setTerminationTime(time(now));
        return status;
    }

    private static void started(SparkApplicationStatus status, String pod, String appId, String submissionId,
                                int run) {
        status.setApplicationState(ApplicationState.of(ApplicationStateType.SUBMITTED));
        status.setSubmissionID(submissionId);
        status.setSparkApplicationId(appId);
        status.setExecutionAttempts(run + 1);
        status.setTerminationTime(null);
        status.setExecutorState(Map.of());
        DriverInfo old = status.getDriverInfo();
        status.setDriverInfo(new DriverInfo(old.webUIServiceName(), old.webUIAddress(), old.webUIPort(),
                old.webUIIngressName(), old.webUIIngressAddress(), pod));
    }

    private Step submitNext(SparkApplication app, SparkApplicationStatus status) {
        int run = status.getExecutionAttempts();
        return new Step.Submit(SubmissionIds.forRun(app, run), run);
    }

    private Step suspend(SparkApplicationStatus status, RunPods pods) {
        if (status.state() == ApplicationStateType.SUSPENDED) {
            return new Step.Wait(null);
        }
        if (status.state() == ApplicationStateType.SUSPENDING && pods.gone()) {
            return update(status, ApplicationState.of(ApplicationStateType.SUSPENDED), Step.Cleanup.NONE, null);
        }
        return update(status, ApplicationState.of(ApplicationStateType.SUSPENDING), Step.Cleanup.REMOVE_RUN,
                CLEANUP_POLL);
    }

    private Step followDriver(SparkApplicationStatus status, RunPods pods, Instant now) {
        Pod driver = pods.driver();
        if (driver == null) {
            Instant submitted = parse(status.getLastSubmissionAttemptTime(), now);
            Duration missing = Duration.between(submitted, now);
            if (missing.compareTo(driverGracePeriod) < 0) {
                return new Step.Wait(driverGracePeriod.minus(missing));
            }
            status.setTerminationTime(time(now));
            return update(status, new ApplicationState(ApplicationStateType.FAILING, "driver pod "
                    + status.getDriverInfo().podName() + " not found " + driverGracePeriod.toSeconds()
                    + "s after submission"), Step.Cleanup.NONE, Duration.ZERO);
        }
        SparkApplicationStatus next = Json.deepCopy(status, SparkApplicationStatus.class);
        ApplicationState observed = PodStates.ofDriver(driver);
        next.setApplicationState(observed);
        String appId = driver.getMetadata().getLabels() == null ? null
                : driver.getMetadata().getLabels().get(SparkLabels.SPARK_APP_SELECTOR);
        if (appId != null) {
            next.setSparkApplicationId(appId);
        }
        next.setExecutorState(executorStates(status, pods));
        boolean ended = observed.state() == ApplicationStateType.SUCCEEDING
                || observed.state() == ApplicationStateType.FAILING;
        if (ended) {
            next.setTerminationTime(time(now));
        }
        if (Json.mapper().valueToTree(next).equals(Json.mapper().valueToTree(status))) {
            return new Step.Wait(null);
        }
        return new Step.Update(next, Step.Cleanup.NONE, ended ? Duration.ZERO : null);
    }

    private static Map<String, ExecutorState> executorStates(SparkApplicationStatus status, RunPods pods) {
        Map<String, ExecutorState> states = new LinkedHashMap<>(status.getExecutorState());
        for (Pod executor : pods.executors()) {
            states.put(executor.getMetadata().getName(), PodStates.ofExecutor(executor));
        }
        return states;
    }

    private Step afterFailedRun(SparkApplicationStatus status, RestartPolicy policy, Instant now) {
        if (!RetryPolicy.retryRun(policy, status)) {
            return terminate(status, new ApplicationState(ApplicationStateType.FAILED,
                    status.getApplicationState().errorMessage()), now);
        }
        Instant due = RetryPolicy.nextRunDue(policy, status, parse(status.getTerminationTime(), now));
        if (now.isBefore(due)) {
            return new Step.Wait(Duration.between(now, due));
        }
        return update(status, ApplicationState.of(ApplicationStateType.PENDING_RERUN), Step.Cleanup.REMOVE_RUN,
                CLEANUP_POLL);
    }

    private Step afterFailedSubmission(SparkApplication app, SparkApplicationStatus status, RestartPolicy policy,
                                       Instant now) {
        if (!RetryPolicy.retrySubmission(policy, status)) {
            return terminate(status, new ApplicationState(ApplicationStateType.FAILED,
                    status.getApplicationState().errorMessage()), now);
        }
        Instant due = RetryPolicy.nextSubmissionDue(policy, status, parse(status.getLastSubmissionAttemptTime(), now));
        if (now.isBefore(due)) {
            return new Step.Wait(Duration.between(now, due));
        }
        return submitNext(app, status);
    }

    private Step finished(SparkApplication app, SparkApplicationStatus status, RunPods pods, Instant now) {
        Pod driver = pods.driver();
        if (driver != null && driver.getMetadata().getDeletionTimestamp() == null) {
            ApplicationStateType observed = PodStates.ofDriver(driver).state();
            if (observed == ApplicationStateType.RUNNING || observed == ApplicationStateType.SUBMITTED) {
                // The status says the run is over but its driver still runs: the status was edited by hand.
                return followDriver(status, pods, now);
            }
        }
        Long ttl = app.getSpec().timeToLiveSeconds();
        if (ttl == null || status.getTerminationTime() == null) {
            return new Step.Wait(null);
        }
        Instant due = parse(status.getTerminationTime(), now).plusSeconds(ttl);
        return now.isBefore(due) ? new Step.Wait(Duration.between(now, due)) : new Step.DeleteApp();
    }

    private static Step terminate(SparkApplicationStatus status, ApplicationState state, Instant now) {
        if (status.getTerminationTime() == null) {
            status.setTerminationTime(time(now));
        }
        // Executors still recorded as pending or running end with the app (kubeflow does the same).
        ExecutorState end = state.state() == ApplicationStateType.COMPLETED ? ExecutorState.COMPLETED
                : ExecutorState.FAILED;
        Map<String, ExecutorState> executors = new LinkedHashMap<>(status.getExecutorState());
        executors.replaceAll((pod, s) -> s == ExecutorState.PENDING || s == ExecutorState.RUNNING ? end : s);
        status.setExecutorState(executors);
        return update(status, state, Step.Cleanup.RELEASE, Duration.ZERO);
    }

    private static Step update(SparkApplicationStatus status, ApplicationState state, Step.Cleanup cleanup,
                               Duration requeue) {
        status.setApplicationState(state);
        return new Step.Update(status, cleanup, requeue);
    }

    private static SparkApplicationStatus copyStatus(SparkApplication app) {
        return app.getStatus() == null ? new SparkApplicationStatus()
                : Json.deepCopy(app.getStatus(), SparkApplicationStatus.class);
    }

    /** An instant as Kubernetes writes times: RFC 3339 in UTC, whole seconds. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Instant parse(String time, Instant fallback) {
        if (time == null || time.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }
}
