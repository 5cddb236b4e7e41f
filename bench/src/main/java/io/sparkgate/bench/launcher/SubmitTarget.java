package io.sparkgate.bench.launcher;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.sparkgate.testing.apiserver.ApiEmulation;
import io.sparkgate.testing.apiserver.IndexedStore;
import java.util.HashMap;

/**
 * An API server the launcher submits to, with the client for it. Each client is fabric8's default (one pooled
 * HTTP/1.1 connection per concurrent request, kept alive) with {@code requestRetryBackoffLimit(0)}, so a failed
 * call fails at once instead of sleeping through backoff.
 *
 * @param name       what the figures call it
 * @param client     a client of it
 * @param masterUrl  {@code spark.master} pointing at it
 * @param dispatcher the CRUD mock's dispatcher, for spark-submit's recording; null for other stores
 * @param closer     stops the server and the client
 */
record SubmitTarget(String name, KubernetesClient client, String masterUrl, ApplyAsCreateDispatcher dispatcher,
                    AutoCloseable closer) implements AutoCloseable {

    /** fabric8's kubernetes-server-mock in CRUD mode, applies answered as creates (what spark-submit needs). */
    static SubmitTarget crudMock() {
        ApplyAsCreateDispatcher dispatcher = new ApplyAsCreateDispatcher(new KubernetesMixedDispatcher(new HashMap<>()));
        return mock("fabric8 CRUD mock", dispatcher, dispatcher);
    }

    /** The same HTTP server with {@link IndexedStore} behind it instead of the CRUD mock's scanning store. */
    static SubmitTarget indexed() {
        return mock("indexed store", new IndexedStore(), null);
    }

    /** test-fixtures' API emulation (admission chain in front of the same {@link IndexedStore}), with no webhooks. */
    static SubmitTarget apiEmulation() {
        ApiEmulation api = ApiEmulation.start();
        KubernetesClient client = api.newClient(config -> config);
        return new SubmitTarget("API emulation", client, "k8s://" + api.url(), null, api);
    }

    /** The target of that name: {@code crud}, {@code indexed} or {@code emulation}. */
    static SubmitTarget named(String name) {
        return switch (name) {
            case "crud" -> crudMock();
            case "indexed" -> indexed();
            case "emulation" -> apiEmulation();
            default -> throw new IllegalArgumentException("unknown store " + name + " (crud, indexed, emulation)");
        };
    }

    private static SubmitTarget mock(String name, Dispatcher dispatcher, ApplyAsCreateDispatcher recording) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                server.createClient().getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        return new SubmitTarget(name, client, "k8s://http://127.0.0.1:" + server.getPort(), recording, () -> {
            client.close();
            server.destroy();
        });
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
