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
    int execute(KubernetesClient client, String namespace) {
        SparkApps apps = new SparkApps(client, namespace);
        SparkApplication application = apps.require(app);
        Pod pod = executor == null ? apps.driverPod(application) : apps.executorPod(application, executor);
        String podName = pod.getMetadata().getName();
        var logs = client.pods().inNamespace(namespace).withName(podName).inContainer(container(pod));
        try {
            if (follow) {
                try (LogWatch watch = logs.watchLog()) {
                    copyLines(watch, out());
                }
            } else {
                out().print(logs.getLog());
                out().flush();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400) {
                String phase = pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase();
                throw new CliFailure("pod \"" + podName + "\" has no log yet (phase " + phase + ")");
            }
            throw e;
        }
        return 0;
    }

    /** Spark's own container, or the only one; a pod with several and none of Spark's uses the first. */
    static String container(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.stream().map(Container::getName)
                .filter(n -> n.equals(DRIVER_CONTAINER) || n.equals(EXECUTOR_CONTAINER))
                .findFirst().orElse(containers.get(0).getName());
    }

    private static void copyLines(LogWatch watch, PrintWriter out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
                out.flush();
            }
        } catch (IOException e) {
            throw new CliFailure("the log stream broke off: " + e.getMessage());
        }
    }
}
