package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.operator.crd.CrdGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;

/**
 * A fabric8 CRUD mock API server with sparkgate's real CRDs installed (so status is a subresource), plus the
 * helpers tests need to play kubelet: set a pod's phase, read an app, wait for a state.
 */
final class MockCluster implements AutoCloseable {
    final KubernetesMockServer server;
    final KubernetesClient client;

    /** Held: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger(
            "io.fabric8.mockwebserver");

    static {
        // The mock web server logs every request through java.util.logging: far too much for 1,000 apps.
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    MockCluster() {
        // CRUD mode, plus expectations a test can add to inject failures (answered first, then CRUD).
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        for (String file : List.of(CrdGenerator.SPARK_APPLICATIONS, CrdGenerator.SCHEDULED)) {
            try {
                CustomResourceDefinition crd = Json.yaml().readValue(Files.readString(Path.of("..", file)),
                        CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Creates an app from YAML in namespace {@code ns}. */
    SparkApplication create(String ns, String yaml) {
        SparkApplication app = Json.read(yaml, SparkApplication.class);
        app.getMetadata().setNamespace(ns);
        return client.resources(SparkApplication.class).inNamespace(ns).resource(app).create();
    }

    SparkApplication get(String ns, String name) {
        return client.resources(SparkApplication.class).inNamespace(ns).withName(name).get();
    }

    ApplicationStateType state(String ns, String name) {
        SparkApplication app = get(ns, name);
        return app == null || app.getStatus() == null ? null : app.getStatus().state();
    }

    /** Waits until the app is in {@code state}. */
    SparkApplication await(String ns, String name, ApplicationStateType state, Duration timeout) {
        return await(ns, name, a -> a.getStatus() != null && a.getStatus().state() == state, timeout,
                "state " + state);
    }

    SparkApplication await(String ns, String name, Predicate<SparkApplication> ok, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        SparkApplication app = null;
        while (System.nanoTime() < end) {
            app = get(ns, name);
            if (app != null && ok.test(app)) {
                return app;
            }
            sleep(20);
        }
        throw new AssertionError(ns + "/" + name + " did not reach " + what + " within " + timeout + "; status: "
                + (app == null ? "app gone" : Json.write(app.getStatus())));
    }

    /** The driver pods of the app. */
    List<Pod> drivers(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel(SparkLabels.APP_NAME, app)
                .withLabel(SparkLabels.SPARK_ROLE, "driver").list().getItems();
    }

    /** Plays kubelet: sets the pod's phase (and, for ended pods, the driver container's exit code). */
    void phase(String ns, String pod, String phase) {
        Pod p = client.pods().inNamespace(ns).withName(pod).get();
        var status = new PodStatusBuilder().withPhase(phase);
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            status.withContainerStatuses(new ContainerStatusBuilder().withName(PodStates.DRIVER_CONTAINER)
                    .withNewState().withNewTerminated().withExitCode("Succeeded".equals(phase) ? 0 : 1)
                    .withReason("Succeeded".equals(phase) ? "Completed" : "Error").endTerminated().endState()
                    .build());
        }
        p.setStatus(status.build());
        client.pods().inNamespace(ns).resource(p).updateStatus();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // fabric8's mock waits a fixed time for its Vert.x server to close; on a loaded machine, after thousands
            // of watches, that wait can run out. Teardown only: every assertion has already run.
            System.err.println("mock server closed slowly: " + e.getMessage());
        }
    }
}
