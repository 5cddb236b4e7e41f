package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.ExecutorState;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.launcher.SubmissionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transition of the state machine, with retry timing checked against a fixed clock. */
class AppStateMachineTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private final AppStateMachine machine = new AppStateMachine(Duration.ofSeconds(60));

    private static SparkApplication app(String restartPolicy) {
        SparkApplication app = Json.read(Apps.sparkPi("pi", restartPolicy), SparkApplication.class);
        app.getMetadata().setNamespace("default");
        app.getMetadata().setUid("uid-1");
        return app;
    }

    /** The app as it is after run {@code run} (0-based) was submitted at T0. */
    private SparkApplication submitted(SparkApplication app, int run) {
        String sid = SubmissionIds.forRun(app, run);
        app.setStatus(machine.afterSubmission(app, new SubmissionResult.Submitted("pi-driver", "spark-1", sid), run,
                T0));
        return app;
    }

    private static SparkApplication in(SparkApplication app, ApplicationStateType state, Instant terminated) {
        app.getStatus().setApplicationState(ApplicationState.of(state));
        app.getStatus().setTerminationTime(terminated == null ? null : AppStateMachine.time(terminated));
        return app;
    }

    private static Pod pod(String name, String role, String phase, Integer driverExit) {
        var b = new PodBuilder().withNewMetadata().withName(name).addToLabels(SparkLabels.SPARK_ROLE, role)
                .addToLabels(SparkLabels.SPARK_APP_SELECTOR, "spark-1").endMetadata().withNewStatus()
                .withPhase(phase).endStatus();
        if (driverExit != null) {
            b.editStatus().withContainerStatuses(new ContainerStatusBuilder().withName(PodStates.DRIVER_CONTAINER)
                    .withNewState().withNewTerminated().withExitCode(driverExit).withReason("Error").endTerminated()
                    .endState().build()).endStatus();
        }
        return b.build();
    }

    private static RunPods driver(String phase) {
        return new RunPods(pod("pi-driver", "driver", phase, null), List.of());
    }

    private static SparkApplicationStatus status(Step step) {
        assertThat(step).isInstanceOf(Step.Update.class);
        return ((Step.Update) step).status();
    }

    @Test
    void newAppIsSubmittedUnderADeterministicId() {
        SparkApplication app = app("type: Never");
        Step step = machine.decide(app, RunPods.none(), T0);
        assertThat(step).isEqualTo(new Step.Submit(SubmissionIds.forRun(app, 0), 0));
        assertThat(machine.decide(app(("type: Never")), RunPods.none(), T0.plusSeconds(99))).isEqualTo(step);
    }

    @Test
    void submissionOutcomesSetTheStatus() {
        SparkApplication app = submitted(app("type: Never"), 0);
        SparkApplicationStatus s = app.getStatus();
        assertThat(s.state()).isEqualTo(ApplicationStateType.SUBMITTED);
        assertThat(s.getSubmissionAttempts()).isEqualTo(1);
        assertThat(s.getExecutionAttempts()).isEqualTo(1);
        assertThat(s.getLastSubmissionAttemptTime()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(s.getDriverInfo().podName()).isEqualTo("pi-driver");
        assertThat(s.getSparkApplicationId()).isEqualTo("spark-1");

        SparkApplication retryable = app("type: Never");
        SparkApplicationStatus f = machine.afterSubmission(retryable,
                new SubmissionResult.Failed("API server unavailable", true, "x"), 0, T0);
        assertThat(f.getApplicationState()).isEqualTo(new ApplicationState(ApplicationStateType.SUBMISSION_FAILED,
                "API server unavailable"));
        SparkApplicationStatus invalid = machine.afterSubmission(retryable,
                new SubmissionResult.Failed("spec.mainApplicationFile: required", false, "x"), 0, T0);
        assertThat(invalid.state()).isEqualTo(ApplicationStateType.FAILED);
        assertThat(invalid.getTerminationTime()).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void driverPhasesDriveTheState() {
        SparkApplication app = submitted(app("type: Never"), 0);
        assertThat(machine.decide(app, driver("Pending"), T0)).isEqualTo(new Step.Wait(null));
        assertThat(status(machine.decide(app, driver("Running"), T0)).state()).isEqualTo(ApplicationStateType.RUNNING);
        assertThat(status(machine.decide(app, driver("Unknown"), T0)).state()).isEqualTo(ApplicationStateType.UNKNOWN);
        SparkApplicationStatus ok = status(machine.decide(app, driver("Succeeded"), T0.plusSeconds(5)));
        assertThat(ok.state()).isEqualTo(ApplicationStateType.SUCCEEDING);
        assertThat(ok.getTerminationTime()).isEqualTo("2026-11-21T10:00:05Z");
        SparkApplicationStatus failing = status(machine.decide(app, new RunPods(pod("pi-driver", "driver", "Running",
                1), List.of()), T0));
        assertThat(failing.getApplicationState()).isEqualTo(new ApplicationState(ApplicationStateType.FAILING,
                "driver container spark-kubernetes-driver exited with code 1: Error"));
        SparkApplicationStatus withExecutors = status(machine.decide(app, new RunPods(
                pod("pi-driver", "driver", "Running", null), List.of(pod("pi-exec-1", "executor", "Running", null),
                pod("pi-exec-2", "executor", "Pending", null))), T0));
        assertThat(withExecutors.getExecutorState()).containsEntry("pi-exec-1", ExecutorState.RUNNING)
                .containsEntry("pi-exec-2", ExecutorState.PENDING);
    }

    @Test
    void aMissingDriverFailsTheRunAfterTheGracePeriod() {
        SparkApplication app = submitted(app("type: Never"), 0);
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(45)))
                .isEqualTo(new Step.Wait(Duration.ofSeconds(15)));
        SparkApplicationStatus s = status(machine.decide(app, RunPods.none(), T0.plusSeconds(60)));
        assertThat(s.getApplicationState()).isEqualTo(new ApplicationState(ApplicationStateType.FAILING,
                "driver pod pi-driver not found 60s after submission"));
    }

    @Test
    void terminalStatesAndTheirCleanup() {
        SparkApplication ok = in(submitted(app("type: Never"), 0), ApplicationStateType.SUCCEEDING, T0);
        Step.Update completed = (Step.Update) machine.decide(ok, RunPods.none(), T0.plusSeconds(1));
        assertThat(completed.status().state()).isEqualTo(ApplicationStateType.COMPLETED);
        assertThat(completed.cleanup()).isEqualTo(Step.Cleanup.RELEASE);
        SparkApplication bad = in(submitted(app("type: Never"), 0), ApplicationStateType.FAILING, T0);
        Step.Update failed = (Step.Update) machine.decide(bad, RunPods.none(), T0.plusSeconds(1));
        assertThat(failed.status().state()).isEqualTo(ApplicationStateType.FAILED);
        assertThat(failed.cleanup()).isEqualTo(Step.Cleanup.RELEASE);
        SparkApplication always = in(submitted(app("type: Always"), 0), ApplicationStateType.SUCCEEDING, T0);
        Step.Update rerun = (Step.Update) machine.decide(always, RunPods.none(), T0);
        assertThat(rerun.status().state()).isEqualTo(ApplicationStateType.PENDING_RERUN);
        assertThat(rerun.cleanup()).isEqualTo(Step.Cleanup.REMOVE_RUN);
    }

    @Test
    void onFailureRetriesAfterAGrowingInterval() {
        String policy = "type: OnFailure\nonFailureRetries: 2\nonFailureRetryInterval: 10";
        SparkApplication app = in(submitted(app(policy), 0), ApplicationStateType.FAILING, T0);
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(9)))
                .isEqualTo(new Step.Wait(Duration.ofSeconds(1)));
        assertThat(status(machine.decide(app, RunPods.none(), T0.plusSeconds(10))).state())
                .isEqualTo(ApplicationStateType.PENDING_RERUN);
        app.getStatus().setApplicationState(ApplicationState.of(ApplicationStateType.PENDING_RERUN));
        assertThat(machine.decide(app, driver("Failed"), T0.plusSeconds(10))).isInstanceOf(Step.Update.class);
        Step next = machine.decide(app, RunPods.none(), T0.plusSeconds(11));
        assertThat(next).isEqualTo(new Step.Submit(SubmissionIds.forRun(app, 1), 1));
        // Second run fails: the interval is 10 s x 2 attempts.
        in(submitted(app, 1), ApplicationStateType.FAILING, T0);
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(19)))
                .isEqualTo(new Step.Wait(Duration.ofSeconds(1)));
        assertThat(status(machine.decide(app, RunPods.none(), T0.plusSeconds(20))).state())
                .isEqualTo(ApplicationStateType.PENDING_RERUN);
        // Third run fails: 3 attempts > 2 retries, so the app fails for good.
        in(submitted(app, 2), ApplicationStateType.FAILING, T0);
        assertThat(status(machine.decide(app, RunPods.none(), T0.plusSeconds(999))).state())
                .isEqualTo(ApplicationStateType.FAILED);
    }

    @Test
    void failedSubmissionsAreRetriedPerPolicy() {
        String policy = "type: OnFailure\nonSubmissionFailureRetries: 1\nonSubmissionFailureRetryInterval: 20";
        SparkApplication app = app(policy);
        app.setStatus(machine.afterSubmission(app, new SubmissionResult.Failed("503", true, "x"), 0, T0));
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(19)))
                .isEqualTo(new Step.Wait(Duration.ofSeconds(1)));
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(20))).isInstanceOf(Step.Submit.class);
        app.setStatus(machine.afterSubmission(app, new SubmissionResult.Failed("503", true, "x"), 0, T0));
        SparkApplicationStatus s = status(machine.decide(app, RunPods.none(), T0.plusSeconds(60)));
        assertThat(s.getApplicationState()).isEqualTo(new ApplicationState(ApplicationStateType.FAILED, "503"));
        SparkApplication never = app("type: Never");
        never.setStatus(machine.afterSubmission(never, new SubmissionResult.Failed("503", true, "x"), 0, T0));
        assertThat(status(machine.decide(never, RunPods.none(), T0)).state()).isEqualTo(ApplicationStateType.FAILED);
    }

    @Test
    void aSpecChangeInvalidatesTheRunAndRerunsIt() {
        SparkApplication app = in(submitted(app("type: Never"), 0), ApplicationStateType.RUNNING, null);
        app.getSpec().sparkConf();
        SparkApplication changed = Json.read(Apps.sparkPi("pi", "type: Never").replace("\"1000\"", "\"2000\""),
                SparkApplication.class);
        changed.setMetadata(app.getMetadata());
        changed.setStatus(app.getStatus());
        Step.Update inv = (Step.Update) machine.decide(changed, driver("Running"), T0);
        assertThat(inv.status().state()).isEqualTo(ApplicationStateType.INVALIDATING);
        assertThat(inv.cleanup()).isEqualTo(Step.Cleanup.REMOVE_RUN);
        assertThat(inv.status().getExecutionAttempts()).isZero();
        changed.setStatus(inv.status());
        assertThat(machine.decide(changed, driver("Running"), T0)).isInstanceOf(Step.Update.class);
        Step resubmit = machine.decide(changed, RunPods.none(), T0);
        assertThat(resubmit).isEqualTo(new Step.Submit(SubmissionIds.forRun(changed, 0), 0));
        assertThat(((Step.Submit) resubmit).submissionId()).isNotEqualTo(app.getStatus().getSubmissionID());
        // A terminal app whose spec changes is rerun too.
        SparkApplication done = in(submitted(app("type: Never"), 0), ApplicationStateType.COMPLETED, T0);
        done.getSpec();
        SparkApplication doneChanged = Json.read(Apps.sparkPi("pi", "type: Never").replace("\"1000\"", "\"3\""),
                SparkApplication.class);
        doneChanged.setMetadata(done.getMetadata());
        doneChanged.setStatus(done.getStatus());
        assertThat(status(machine.decide(doneChanged, RunPods.none(), T0)).state())
                .isEqualTo(ApplicationStateType.INVALIDATING);
    }

    @Test
    void suspendAndResume() {
        SparkApplication app = in(submitted(app("type: Never"), 0), ApplicationStateType.RUNNING, null);
        SparkApplication suspended = Json.read(Apps.sparkPi("pi", "type: Never").replace("spec:\n",
                "spec:\n  suspend: true\n"), SparkApplication.class);
        suspended.setMetadata(app.getMetadata());
        suspended.setStatus(app.getStatus());
        assertThat(SubmissionIds.specChangedSinceSubmission(suspended)).isFalse();
        Step.Update suspending = (Step.Update) machine.decide(suspended, driver("Running"), T0);
        assertThat(suspending.status().state()).isEqualTo(ApplicationStateType.SUSPENDING);
        assertThat(suspending.cleanup()).isEqualTo(Step.Cleanup.REMOVE_RUN);
        suspended.setStatus(suspending.status());
        assertThat(status(machine.decide(suspended, RunPods.none(), T0)).state())
                .isEqualTo(ApplicationStateType.SUSPENDED);
        suspended.getStatus().setApplicationState(ApplicationState.of(ApplicationStateType.SUSPENDED));
        assertThat(machine.decide(suspended, RunPods.none(), T0)).isEqualTo(new Step.Wait(null));
        // suspend: false again
        app.setStatus(suspended.getStatus());
        Step.Update resuming = (Step.Update) machine.decide(app, RunPods.none(), T0);
        assertThat(resuming.status().state()).isEqualTo(ApplicationStateType.RESUMING);
        app.setStatus(resuming.status());
        assertThat(machine.decide(app, RunPods.none(), T0)).isEqualTo(new Step.Submit(SubmissionIds.forRun(app, 1), 1));
    }

    @Test
    void timeToLiveDeletesTheFinishedApp() {
        SparkApplication app = Json.read(Apps.sparkPi("pi", "type: Never").replace("spec:\n",
                "spec:\n  timeToLiveSeconds: 30\n"), SparkApplication.class);
        app.getMetadata().setUid("u");
        in(submitted(app, 0), ApplicationStateType.COMPLETED, T0);
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(10)))
                .isEqualTo(new Step.Wait(Duration.ofSeconds(20)));
        assertThat(machine.decide(app, RunPods.none(), T0.plusSeconds(30))).isEqualTo(new Step.DeleteApp());
    }

    @Test
    void aHandEditedStatusIsRecomputedFromThePods() {
        SparkApplication app = in(submitted(app("type: Never"), 0), ApplicationStateType.COMPLETED, T0);
        assertThat(status(machine.decide(app, driver("Running"), T0)).state()).isEqualTo(ApplicationStateType.RUNNING);
        app.getStatus().setApplicationState(ApplicationState.of(ApplicationStateType.RUNNING));
        app.getStatus().setTerminationTime(null);
        assertThat(status(machine.decide(app, driver("Succeeded"), T0)).state())
                .isEqualTo(ApplicationStateType.SUCCEEDING);
        // A state edited to something unknown reads as NEW: the live driver is followed, nothing is resubmitted.
        SparkApplication garbled = Json.read(Json.write(app).replace("\"RUNNING\"", "\"BOGUS\""),
                SparkApplication.class);
        assertThat(garbled.getStatus().state()).isEqualTo(ApplicationStateType.NEW);
        assertThat(status(machine.decide(garbled, driver("Running"), T0)).state())
                .isEqualTo(ApplicationStateType.RUNNING);
    }

    @Test
    void executorsStillRecordedAsRunningEndWithTheApp() {
        SparkApplication ok = in(submitted(app("type: Never"), 0), ApplicationStateType.SUCCEEDING, T0);
        ok.getStatus().setExecutorState(java.util.Map.of("e1", ExecutorState.RUNNING, "e2", ExecutorState.FAILED));
        assertThat(status(machine.decide(ok, RunPods.none(), T0)).getExecutorState())
                .containsEntry("e1", ExecutorState.COMPLETED).containsEntry("e2", ExecutorState.FAILED);
        SparkApplication bad = in(submitted(app("type: Never"), 0), ApplicationStateType.FAILING, T0);
        bad.getStatus().setExecutorState(java.util.Map.of("e1", ExecutorState.PENDING));
        assertThat(status(machine.decide(bad, RunPods.none(), T0)).getExecutorState())
                .containsEntry("e1", ExecutorState.FAILED);
    }

    @Test
    void eventReasonsFollowKubeflow() {
        assertThat(AppReconciler.reason(ApplicationStateType.PENDING_RERUN)).isEqualTo("SparkApplicationPendingRerun");
        assertThat(AppReconciler.reason(ApplicationStateType.SUBMISSION_FAILED))
                .isEqualTo("SparkApplicationSubmissionFailed");
    }
}
