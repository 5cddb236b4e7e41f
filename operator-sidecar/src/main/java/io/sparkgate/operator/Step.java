package io.sparkgate.operator;

import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.time.Duration;

/** What one reconcile of a SparkApplication does next: the state machine's answer, carried out by the reconciler. */
public sealed interface Step {

    /** Which of a run's objects to delete before the status is written. */
    enum Cleanup {
        /** Delete nothing. */
        NONE,
        /** The run is over: delete executors, driver Service, ConfigMaps and UI objects; keep the driver pod's logs. */
        RELEASE,
        /** The run is abandoned (rerun, invalidation, suspension): delete everything, the driver pod included. */
        REMOVE_RUN
    }

    /** Submit run number {@code run} under {@code submissionId}, then record the outcome. */
    record Submit(String submissionId, int run) implements Step {
    }

    /** Delete what {@code cleanup} names, write {@code status}, and come back after {@code requeueAfter} (or never). */
    record Update(SparkApplicationStatus status, Cleanup cleanup, Duration requeueAfter) implements Step {
    }

    /** The app's time to live has passed: delete it (its pods, Services and ConfigMaps go with it). */
    record DeleteApp() implements Step {
    }

    /** Nothing to change; come back after {@code after}, or only on the next event when null. */
    record Wait(Duration after) implements Step {
    }
}
