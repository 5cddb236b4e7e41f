package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.util.Comparator;
import java.util.List;

/** Finds a SparkApplication and its pods the way kubeflow's operator labels them. */
final class SparkApps {
    private final KubernetesClient client;
    private final String namespace;

    SparkApps(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The SparkApplication API in this namespace. */
    MixedOperation<SparkApplication, KubernetesResourceList<SparkApplication>, Resource<SparkApplication>> api() {
        return client.resources(SparkApplication.class);
    }

    /** The application, or a failure saying whether the app or the whole namespace is missing. */
    SparkApplication require(String name) {
        SparkApplication app = api().inNamespace(namespace).withName(name).get();
        if (app == null) {
            throw new CliFailure(missing(name));
        }
        return app;
    }

    /** The message for an app that is not there: a missing namespace is named as such. */
    String missing(String name) {
        if (!namespaceExists()) {
            return "namespace \"" + namespace + "\" not found";
        }
        return "sparkapplication \"" + name + "\" not found in namespace \"" + namespace + "\"";
    }

    /** The application, if it exists. */
    java.util.Optional<SparkApplication> find(String name) {
        return java.util.Optional.ofNullable(api().inNamespace(namespace).withName(name).get());
    }

    /** Whether the application has ended for good (COMPLETED or FAILED, with no retry left). */
    static boolean terminal(SparkApplication app) {
        return app.getStatus() != null && app.getStatus().state().isTerminal();
    }

    /** The driver pod of the current run, or null when there is none yet. */
    Pod driverPodOrNull(SparkApplication app) {
        try {
            return driverPod(app);
        } catch (CliFailure e) {
            return null;
        }
    }

    /** The driver pod of the current run: the one the status names, else the newest labelled one. */
    Pod driverPod(SparkApplication app) {
        SparkApplicationStatus status = app.getStatus();
        String podName = status == null ? null : status.getDriverInfo().podName();
        if (podName != null) {
            Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
            if (pod != null) {
                return pod;
            }
        }
        return newest(pods(app.getMetadata().getName(), "driver")).orElseThrow(() -> new CliFailure(
                "sparkapplication \"" + app.getMetadata().getName() + "\" has no driver pod yet (state "
                        + state(app) + ")"));
    }

    /** The executor pod with that Spark executor id, newest first when several runs left one. */
    Pod executorPod(SparkApplication app, String executorId) {
        String name = app.getMetadata().getName();
        return newest(pods(name, "executor").stream()
                .filter(p -> executorId.equals(p.getMetadata().getLabels().get(SparkLabels.SPARK_EXEC_ID)))
                .toList()).orElseThrow(() -> new CliFailure("sparkapplication \"" + name + "\" has no executor "
                        + executorId + " (executors: " + executorIds(app) + ")"));
    }

    /** The pods of an application with one Spark role ({@code driver} / {@code executor}), or all when null. */
    List<Pod> pods(String app, String role) {
        var pods = client.pods().inNamespace(namespace).withLabel(SparkLabels.APP_NAME, app);
        return (role == null ? pods : pods.withLabel(SparkLabels.SPARK_ROLE, role)).list().getItems();
    }

    /** The application's state as a word; {@code NEW} before the operator wrote a status. */
    static String state(SparkApplication app) {
        return app.getStatus() == null ? "NEW" : app.getStatus().state().name();
    }

    private String executorIds(SparkApplication app) {
        List<String> ids = pods(app.getMetadata().getName(), "executor").stream()
                .map(p -> p.getMetadata().getLabels().get(SparkLabels.SPARK_EXEC_ID)).distinct().sorted().toList();
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static java.util.Optional<Pod> newest(List<Pod> pods) {
        return pods.stream().max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
                : p.getMetadata().getCreationTimestamp()));
    }

    private boolean namespaceExists() {
        try {
            return client.namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            // Users often may not read namespaces; then assume it exists and report the app as missing.
            return true;
        }
    }
}
