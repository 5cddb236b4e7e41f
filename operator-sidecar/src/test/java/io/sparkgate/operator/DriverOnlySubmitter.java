package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.SubmissionResult;

/**
 * A submitter that creates only a labelled driver pod (one request instead of launcher-core's three), idempotent
 * per submission id like the real one: for scale tests whose subject is the operator, not Spark's objects.
 */
final class DriverOnlySubmitter implements AppSubmitter {
    private final KubernetesClient client;

    DriverOnlySubmitter(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public SubmissionResult submit(SparkApplication app, String submissionId) {
        String name = app.getMetadata().getName() + "-" + submissionId.substring(0, 8) + "-driver";
        String appId = "spark-" + submissionId.replace("-", "");
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(app.getMetadata().getNamespace())
                .addToLabels(SparkLabels.SPARK_ROLE, "driver").addToLabels(SparkLabels.SPARK_APP_SELECTOR, appId)
                .addToLabels(SparkLabels.APP_NAME, app.getMetadata().getName())
                .addToLabels(SparkLabels.LAUNCHED_BY_OPERATOR, "true")
                .addToLabels(SparkLabels.SUBMISSION_ID, submissionId)
                .withOwnerReferences(RunResources.owner(app)).endMetadata()
                .withNewSpec().addNewContainer().withName(PodStates.DRIVER_CONTAINER).withImage("spark:4.1.1")
                .endContainer().endSpec().build();
        try {
            client.pods().inNamespace(app.getMetadata().getNamespace()).resource(pod).create();
            return new SubmissionResult.Submitted(name, appId, submissionId);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return new SubmissionResult.Adopted(name, appId, submissionId);
            }
            return new SubmissionResult.Failed(e.getMessage(), true, submissionId);
        }
    }
}
