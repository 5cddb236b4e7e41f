package io.sparkgate.launcher;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a submission's objects through the API server in Spark's order — driver pod, then the Service and
 * ConfigMaps owned by it — idempotently per submission id: a retried attempt adopts the driver its earlier try
 * created (409 on a pod carrying the same submission id) and never creates a second one. A failure part-way
 * removes what this attempt created; 429 and 5xx answers are retried with backoff.
 */
public final class Submitter {
    private static final Logger LOG = LoggerFactory.getLogger(Submitter.class);
    private final KubernetesClient client;
    private final RetryPolicy retry;
    private final RetryPolicy.Sleeper sleeper;

    /**
     * Creates a submitter.
     *
     * @param client  the Kubernetes client
     * @param retry   how to retry throttled and failed calls
     * @param sleeper how to wait between tries
     */
    public Submitter(KubernetesClient client, RetryPolicy retry, RetryPolicy.Sleeper sleeper) {
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A submitter with the default retry policy that really sleeps. */
    public Submitter(KubernetesClient client) {
        this(client, RetryPolicy.defaults(), d -> Thread.sleep(d.toMillis()));
    }

    /** Creates the objects, or adopts those of an earlier attempt of the same submission. Never throws. */
    public SubmissionResult submit(SubmissionObjects objects) {
        String ns = objects.namespace();
        String sid = objects.submissionId();
        Pod pod;
        boolean adopted = false;
        try {
            pod = call("create driver pod " + objects.driverPodName(),
                    () -> client.pods().inNamespace(ns).resource(copy(objects.driverPod())).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                return failed(e, "creating driver pod " + ns + "/" + objects.driverPodName(), sid);
            }
            Pod existing = client.pods().inNamespace(ns).withName(objects.driverPodName()).get();
            String owner = existing == null ? null : label(existing, SparkLabels.SUBMISSION_ID);
            if (!sid.equals(owner)) {
                return new SubmissionResult.Failed("driver pod " + ns + "/" + objects.driverPodName()
                        + " already exists and belongs to " + (owner == null ? "no sparkgate submission"
                        : "submission " + owner) + ", not " + sid + "; delete it before resubmitting", false, sid);
            }
            pod = existing;
            adopted = true;
        }
        List<HasMetadata> created = new ArrayList<>();
        for (HasMetadata resource : objects.ownedResources()) {
            SubmissionResult.Failed failure = createOwned(ns, resource, pod, sid, created);
            if (failure != null) {
                rollback(ns, created, adopted ? null : pod);
                return failure;
            }
        }
        String appId = adopted ? Objects.requireNonNullElse(label(pod, SparkLabels.SPARK_APP_SELECTOR),
                objects.appId()) : objects.appId();
        LOG.info("{} driver pod {}/{} for submission {}", adopted ? "adopted" : "created", ns,
                objects.driverPodName(), sid);
        return adopted ? new SubmissionResult.Adopted(objects.driverPodName(), appId, sid)
                : new SubmissionResult.Submitted(objects.driverPodName(), appId, sid);
    }

    private SubmissionResult.Failed createOwned(String ns, HasMetadata resource, Pod pod, String sid,
                                               List<HasMetadata> created) {
        HasMetadata owned = copy(resource);
        owned.getMetadata().setOwnerReferences(List.of(ownerReference(pod)));
        String what = owned.getKind() + " " + ns + "/" + owned.getMetadata().getName();
        try {
            created.add(call("create " + what, () -> client.resource(owned).inNamespace(ns).create()));
            return null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                HasMetadata existing = client.resource(owned).inNamespace(ns).get();
                if (existing != null && isOurs(existing, pod, sid)) {
                    return null;
                }
                return new SubmissionResult.Failed(what + " already exists and does not belong to submission "
                        + sid, false, sid);
            }
            return failed(e, "creating " + what, sid);
        }
    }

    private static boolean isOurs(HasMetadata existing, Pod pod, String sid) {
        boolean ownedByPod = existing.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> Objects.equals(r.getUid(), pod.getMetadata().getUid()));
        return ownedByPod || sid.equals(label(existing, SparkLabels.SUBMISSION_ID));
    }

    // Spark's KubernetesUtils.addOwnerReference: controller, no blockOwnerDeletion.
    private static OwnerReference ownerReference(Pod pod) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withController(true)
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build();
    }

    private void rollback(String ns, List<HasMetadata> created, Pod createdPod) {
        List<HasMetadata> toDelete = new ArrayList<>(created);
        if (createdPod != null) {
            toDelete.add(createdPod);
        }
        for (HasMetadata r : toDelete) {
            try {
                call("delete " + r.getKind(), () -> client.resource(r).inNamespace(ns).delete());
            } catch (KubernetesClientException e) {
                // The driver pod owns the rest, so the garbage collector removes what is left once the pod is gone.
                LOG.warn("could not remove {} {}/{} after a failed submission: {}", r.getKind(), ns,
                        r.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (KubernetesClientException e) {
                if (!retryable(e) || attempt >= retry.maxAttempts()) {
                    throw e;
                }
                LOG.debug("{} failed with {} (try {} of {}), retrying", what, e.getCode(), attempt,
                        retry.maxAttempts());
                try {
                    sleeper.sleep(retry.backoff(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether an API error may go away by itself: throttling, server errors, no answer at all. */
    static boolean retryable(KubernetesClientException e) {
        int code = e.getCode();
        return code == 429 || code >= 500 || code <= 0;
    }

    private static SubmissionResult.Failed failed(KubernetesClientException e, String what, String sid) {
        boolean retryable = retryable(e);
        String status = e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer";
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        return new SubmissionResult.Failed(what + " failed (" + status + "): " + detail, retryable, sid);
    }

    private static String label(HasMetadata o, String key) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    // A copy per request, so the client (which may fill in apiVersion or namespace) never edits the caller's objects.
    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copy(T o) {
        return Json.deepCopy(o, (Class<T>) o.getClass());
    }
}
