package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkgate log <app>}: prints (or follows) the driver's log, or one executor's with {@code -e}. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Print the log of a SparkApplication's driver, or of one executor.")
public final class LogCommand extends AppVerb {
    /** The container Spark names in driver pods; pods may carry sidecars besides it. */
    static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
    /** The container Spark names in executor pods. */
    static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";

    @Parameters(index = "0", paramLabel = "APP", description = "Name of the SparkApplication.")
    String app;

    @Option(names = {"-e", "--executor"}, paramLabel = "ID", description = "Executor id (spark-exec-id), e.g. 1.")
    String executor;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the pod ends or Ctrl-C.")
    boolean follow;

    /** Used by picocli. */
    public LogCommand() {
        this(AppContext.system());
    }

    LogCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) throws InterruptedException {
        SparkApps apps = new SparkApps(client, namespace);
        SparkApplication application = apps.require(app);
        Pod pod = executor == null ? apps.driverPod(application) : apps.executorPod(application, executor);
        while (true) {
            String podName = pod.getMetadata().getName();
            var logs = client.pods().inNamespace(namespace).withName(podName).inContainer(container(pod));
            try {
                if (!follow) {
                    out().print(logs.getLog());
                    out().flush();
                    return 0;
                }
                try (LogWatch watch = logs.watchLog()) {
                    copyLines(watch, out(), podName);
                }
            } catch (KubernetesClientException e) {
                throw noLog(e, pod);
            }
            if (executor != null) {
                return 0;
            }
            // the driver's log ended: done if the app is, else follow the driver of its next attempt
            Pod next = nextDriver(apps, pod);
            if (next == null) {
                return 0;
            }
            err().println("--- driver pod " + podName + " ended; following " + next.getMetadata().getName());
            err().flush();
            pod = next;
        }
    }

    private static RuntimeException noLog(KubernetesClientException e, Pod pod) {
        String podName = pod.getMetadata().getName();
        if (e.getCode() == 400) {
            String phase = pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase();
            return new CliFailure("pod \"" + podName + "\" has no log yet (phase " + phase + ")");
        }
        return e;
    }

    /**
     * The driver of the app's next attempt once {@code ended} ended, or null when the app finished (or was
     * deleted) instead: polled until one of them happens.
     */
    private Pod nextDriver(SparkApps apps, Pod ended) throws InterruptedException {
        while (true) {
            SparkApplication now = apps.find(app).orElse(null);
            if (now == null || SparkApps.terminal(now)) {
                return null;
            }
            Pod driver = apps.driverPodOrNull(now);
            if (driver != null && !driver.getMetadata().getUid().equals(ended.getMetadata().getUid())) {
                return driver;
            }
            Thread.sleep(500);
        }
    }

    /** Spark's own container, or the only one; a pod with several and none of Spark's uses the first. */
    static String container(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.stream().map(Container::getName)
                .filter(n -> n.equals(DRIVER_CONTAINER) || n.equals(EXECUTOR_CONTAINER))
                .findFirst().orElse(containers.get(0).getName());
    }

    /**
     * Copies the stream line by line. An API error sent as the stream's body (a {@code Status} object, as a
     * server answers a log request for a pod it cannot serve) is a failure, never printed as log text.
     */
    private static void copyLines(LogWatch watch, PrintWriter out, String podName) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(),
                StandardCharsets.UTF_8))) {
            boolean first = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (first && line.startsWith("{") && line.contains("\"kind\":\"Status\"")) {
                    throw new CliFailure("cannot follow the log of pod \"" + podName + "\": " + status(line));
                }
                first = false;
                out.println(line);
                out.flush();
            }
        } catch (IOException e) {
            throw new CliFailure("the log stream broke off: " + e.getMessage());
        }
    }

    private static String status(String json) {
        try {
            var status = io.sparkgate.api.Json.mapper().readTree(json);
            return status.path("message").asText("the API server refused") + " (" + status.path("code").asText("?")
                    + ")";
        } catch (IOException e) {
            return json;
        }
    }
}
