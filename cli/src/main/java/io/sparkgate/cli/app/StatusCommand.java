package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.DriverInfo;
import io.sparkgate.api.v1beta2.ExecutorState;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkgate status <app>}: state, attempts, driver and executors of one SparkApplication. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the state, attempts, driver and executors of a SparkApplication.")
public final class StatusCommand extends AppVerb {
    @Parameters(index = "0", paramLabel = "APP", description = "Name of the SparkApplication.")
    String app;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default, a readable summary), json or yaml (the whole object).")
    OutputFormat output;

    /** Used by picocli. */
    public StatusCommand() {
        this(AppContext.system());
    }

    StatusCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) {
        SparkApps apps = new SparkApps(client, namespace);
        SparkApplication application = apps.require(app);
        if (output == OutputFormat.NAME) {
            out().println("sparkapplication.sparkoperator.k8s.io/" + application.getMetadata().getName());
            out().flush();
            return 0;
        }
        if (output.serialized()) {
            Formats.print(application, output, out());
            return 0;
        }
        PrintWriter out = out();
        SparkApplicationStatus s = application.getStatus();
        out.printf("Name:        %s%n", app);
        out.printf("Namespace:   %s%n", namespace);
        out.printf("State:       %s%n", SparkApps.state(application));
        if (s == null) {
            out.println("             (the operator has not picked it up yet)");
            out.flush();
            return 0;
        }
        if (s.getApplicationState().errorMessage() != null) {
            out.printf("Error:       %s%n", s.getApplicationState().errorMessage());
        }
        out.printf("Spark app:   %s%n", orNone(s.getSparkApplicationId()));
        out.printf("Submission:  %s (attempts %d, last %s)%n", orNone(s.getSubmissionID()), s.getSubmissionAttempts(),
                orNone(s.getLastSubmissionAttemptTime()));
        out.printf("Executions:  %d%n", s.getExecutionAttempts());
        if (s.getTerminationTime() != null) {
            out.printf("Finished:    %s%n", s.getTerminationTime());
        }
        DriverInfo d = s.getDriverInfo();
        out.printf("Driver:      %s%n", orNone(d.podName()));
        if (d.webUIServiceName() != null) {
            out.printf("UI:          service %s port %s%s%n", d.webUIServiceName(), d.webUIPort(),
                    d.webUIIngressAddress() == null ? "" : ", ingress " + d.webUIIngressAddress());
        }
        printExecutors(apps, s.getExecutorState(), out);
        out.flush();
        return 0;
    }

    private void printExecutors(SparkApps apps, Map<String, ExecutorState> states, PrintWriter out) {
        Table table = new Table("EXECUTOR", "ID", "STATE", "NODE");
        List<Pod> pods = apps.pods(app, "executor");
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            ExecutorState state = states.get(name);
            table.row(name, pod.getMetadata().getLabels().get(SparkLabels.SPARK_EXEC_ID),
                    state != null ? state.name() : pod.getStatus() == null ? null : pod.getStatus().getPhase(),
                    pod.getSpec() == null ? null : pod.getSpec().getNodeName());
        }
        states.forEach((name, state) -> {
            if (pods.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                table.row(name, null, state.name(), "(pod gone)");
            }
        });
        if (table.isEmpty()) {
            out.println("Executors:   none");
        } else {
            out.println("Executors:");
            table.print(out);
        }
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "<none>" : value;
    }
}
