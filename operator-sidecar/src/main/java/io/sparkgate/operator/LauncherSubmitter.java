package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.InvalidSparkApplication;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionObjects;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.launcher.spark.RunIds;
import java.util.ArrayList;
import java.util.List;

/**
 * The production {@link AppSubmitter}: launcher-core builds Spark's objects for the submission and creates them
 * idempotently. The driver pod gets an owner reference to the SparkApplication here (not only in the webhook), so
 * deleting the app — by hand or by its TTL — always takes the driver and, through it, its Service, ConfigMaps and
 * executors with it.
 */
public final class LauncherSubmitter implements AppSubmitter {
    private final SubmissionBuilder builder;
    private final Submitter submitter;

    /** Builds with {@code builder} and creates with {@code submitter}. */
    public LauncherSubmitter(SubmissionBuilder builder, Submitter submitter) {
        this.builder = builder;
        this.submitter = submitter;
    }

    @Override
    public SubmissionResult submit(SparkApplication app, String submissionId) {
        SubmissionObjects objects;
        try {
            objects = builder.build(app, submissionId, RunIds.appIdFor(submissionId));
        } catch (InvalidSparkApplication e) {
            return new SubmissionResult.Failed(e.getMessage(), false, submissionId);
        }
        ownByApp(objects.driverPod(), app);
        return submitter.submit(objects);
    }

    private static void ownByApp(Pod driver, SparkApplication app) {
        List<OwnerReference> refs = new ArrayList<>(driver.getMetadata().getOwnerReferences());
        boolean owned = refs.stream().anyMatch(r -> app.getMetadata().getUid().equals(r.getUid()));
        if (!owned) {
            refs.add(RunResources.owner(app));
            driver.getMetadata().setOwnerReferences(refs);
        }
    }
}
