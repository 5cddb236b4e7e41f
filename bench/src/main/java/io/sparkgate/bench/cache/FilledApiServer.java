package io.sparkgate.bench.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.bench.operator.ApiServerProcess;
import io.sparkgate.bench.operator.OperatorSubmitBench;
import io.sparkgate.testing.CustomResources;
import io.sparkgate.testing.apiserver.IndexedStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The API server side of {@link CacheHeapBench}, in its own JVM so that the measured heap is the caches' alone:
 * {@link IndexedStore} behind fabric8's mock HTTP server with sparkgate's CRDs, filled with {@code --apps} SparkApplications (the files of
 * examples/ in turn, as {@code kubectl apply} leaves them: with the last-applied annotation, and a RUNNING status
 * with one executor) spread over {@code --namespaces} namespaces, and for each app a driver and an executor pod
 * made from the real Spark 4.1.1 fixture pods, with a kubelet's Running status. Prints {@code @@ READY port apps
 * pods} once filled, then reads commands on stdin: {@code MARK} forgets the list requests seen so far, {@code LISTS}
 * answers {@code @@ LISTS resource=epochMillis ...} (when the last paged list request of each resource since the mark
 * was answered, for the soak's readiness split), {@code SIZE} answers {@code @@ SIZE objects}, {@code QUIT} exits.
 */
public final class FilledApiServer {
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private FilledApiServer() {
    }

    /** {@code --apps N --namespaces M --repo DIR --fixtures DIR}; exits 1 if it cannot fill the store. */
    public static void main(String[] args) {
        try {
            serve(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void serve(String[] args) throws Exception {
        Map<String, String> opts = OperatorSubmitBench.options(args);
        int apps = Integer.parseInt(opts.getOrDefault("apps", "1000"));
        int namespaces = Integer.parseInt(opts.getOrDefault("namespaces", "50"));
        Path repo = Path.of(opts.getOrDefault("repo", "."));
        Path fixtures = Path.of(opts.getOrDefault("fixtures", "../shared/fixtures")).resolve("spark-4.1.1");
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        IndexedStore store = new IndexedStore();
        ListTimes lists = new ListTimes(store);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                lists, false);
        server.init();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(ApiServerProcess.clientConfig(server.getPort())).build()) {
            CustomResources.register(client);
            for (int n = 0; n < namespaces; n++) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(n))
                        .addToLabels("tenant", namespace(n)).endMetadata().build()).create();
            }
            fill(client, apps, namespaces, templates(repo), fixtures);
        }
        System.out.println("@@ READY " + server.getPort() + " " + apps + " " + 2 * apps);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.trim().equals("QUIT"); line = in.readLine()) {
            switch (line.trim()) {
                case "MARK" -> lists.mark();
                case "LISTS" -> System.out.println("@@ LISTS " + lists.report());
                case "SIZE" -> System.out.println("@@ SIZE " + store.size());
                default -> System.out.println("@@ UNKNOWN " + line.trim());
            }
        }
        server.destroy();
        System.exit(0);
    }

    /** The namespace of app {@code n}'s filled copy ({@code team-K}). */
    public static String namespace(int n) {
        return "team-" + n;
    }

    private static List<String> templates(Path repo) throws IOException {
        List<String> out = new ArrayList<>();
        for (String file : List.of("spark-pi.yaml", "etl-daily.yaml")) {
            out.add(Files.readString(repo.resolve("examples").resolve(file)));
        }
        return out;
    }

    private static void fill(KubernetesClient client, int apps, int namespaces, List<String> templates,
                             Path fixtures) throws Exception {
        JsonNode driver = Json.read(Files.readString(firstPod(fixtures.resolve("java-sparkpi"))), JsonNode.class);
        JsonNode executor = Json.read(Files.readString(firstPod(fixtures.resolve("executors-client-mode"))),
                JsonNode.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < apps; i++) {
            int n = i;
            pool.execute(() -> {
                String ns = namespace(n % namespaces);
                String name = "app-" + n;
                String yaml = templates.get(n % templates.size());
                SparkApplication app = Json.read(yaml, SparkApplication.class);
                app.getMetadata().setName(name);
                app.getMetadata().setNamespace(ns);
                Map<String, String> annotations = new HashMap<>();
                if (app.getMetadata().getAnnotations() != null) {
                    annotations.putAll(app.getMetadata().getAnnotations());
                }
                annotations.put("kubectl.kubernetes.io/last-applied-configuration", Json.write(app));
                app.getMetadata().setAnnotations(annotations);
                SparkApplication created = client.resources(SparkApplication.class).inNamespace(ns).resource(app)
                        .create();
                String id = "bench-" + n;
                created.setStatus(Json.read("""
                        {"applicationState":{"state":"RUNNING"},"submissionID":"%s","submissionAttempts":1,
                         "lastSubmissionAttemptTime":"2026-03-01T10:00:00Z","sparkApplicationId":"spark-%s",
                         "driverInfo":{"podName":"%s-driver","webUIServiceName":"%s-ui-svc","webUIPort":4040,
                           "webUIAddress":"10.0.0.1:4040"},
                         "executorState":{"%s-exec-1":"RUNNING"}}""".formatted(id, id, name, name, name),
                        io.sparkgate.api.v1beta2.SparkApplicationStatus.class));
                client.resources(SparkApplication.class).inNamespace(ns).resource(created).updateStatus();
                createPod(client, driver, ns, name + "-driver", name, id);
                createPod(client, executor, ns, name + "-exec-1", name, id);
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("filling the API server took longer than 30 minutes");
        }
    }

    /** The first Pod fixture in {@code dir} (a fixtures/spark-4.1.1 directory). */
    public static Path firstPod(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains("-Pod-")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Pod fixture in " + dir));
        }
    }

    /** Creates a copy of the fixture pod as {@code ns/name} of app {@code app} (submission {@code id}), Running. */
    public static void createPod(KubernetesClient client, JsonNode fixture, String ns, String name, String app,
                                  String id) {
        ObjectNode pod = fixture.deepCopy();
        ObjectNode metadata = (ObjectNode) pod.get("metadata");
        metadata.put("name", name).put("namespace", ns);
        ((ObjectNode) metadata.get("labels")).put(SparkLabels.APP_NAME, app).put(SparkLabels.SUBMISSION_ID, id)
                .put("spark-app-name", app);
        Pod created = client.pods().inNamespace(ns).resource(Json.mapper().convertValue(pod, Pod.class)).create();
        created.setStatus(runningStatus(created.getSpec().getContainers().get(0).getName()));
        client.pods().inNamespace(ns).resource(created).updateStatus();
    }

    /** The status a kubelet writes for a running pod whose one container is {@code container}. */
    public static io.fabric8.kubernetes.api.model.PodStatus runningStatus(String container) {
        return Json.read("""
                {"phase":"Running","hostIP":"10.0.1.2","podIP":"10.1.2.3","podIPs":[{"ip":"10.1.2.3"}],
                 "startTime":"2026-03-01T10:00:01Z","qosClass":"Guaranteed",
                 "conditions":[
                   {"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"2026-03-01T10:00:02Z"},
                   {"type":"Initialized","status":"True","lastTransitionTime":"2026-03-01T10:00:01Z"},
                   {"type":"Ready","status":"True","lastTransitionTime":"2026-03-01T10:00:05Z"},
                   {"type":"ContainersReady","status":"True","lastTransitionTime":"2026-03-01T10:00:05Z"},
                   {"type":"PodScheduled","status":"True","lastTransitionTime":"2026-03-01T10:00:01Z"}],
                 "containerStatuses":[{"name":"%s","ready":true,"started":true,"restartCount":0,
                   "image":"spark:4.1.1","imageID":"spark@sha256:%s",
                   "containerID":"containerd://%s","state":{"running":{"startedAt":"2026-03-01T10:00:04Z"}}}]}"""
                .formatted(container, "0".repeat(64), "1".repeat(64)), io.fabric8.kubernetes.api.model.PodStatus.class);
    }
}
