package io.sparkgate.cli.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkgate list}: the SparkApplications of a namespace with their state, like sparkctl list. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List SparkApplications with their state, attempts and age.")
public final class ListCommand extends AppVerb {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    @Option(names = {"-A", "--all-namespaces"}, description = "List the applications of every namespace.")
    boolean allNamespaces;

    /** Used by picocli. */
    public ListCommand() {
        this(AppContext.system());
    }

    ListCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) {
        SparkApps apps = new SparkApps(client, namespace);
        List<SparkApplication> items = (allNamespaces ? apps.api().inAnyNamespace() : apps.api().inNamespace(namespace))
                .list().getItems().stream()
                .sorted(Comparator.comparing((SparkApplication a) -> a.getMetadata().getNamespace())
                        .thenComparing(a -> a.getMetadata().getName()))
                .toList();
        if (output != OutputFormat.TABLE) {
            Formats.print(Formats.list(items), output, out());
            return 0;
        }
        if (items.isEmpty()) {
            out().println(allNamespaces ? "No SparkApplications found." : "No SparkApplications found in namespace "
                    + namespace + ".");
            out().flush();
            return 0;
        }
        Table table = allNamespaces ? new Table("NAMESPACE", "NAME", "STATE", "ATTEMPTS", "START", "FINISH", "AGE")
                : new Table("NAME", "STATE", "ATTEMPTS", "START", "FINISH", "AGE");
        for (SparkApplication app : items) {
            SparkApplicationStatus s = app.getStatus();
            String attempts = s == null ? "0" : String.valueOf(Math.max(s.getExecutionAttempts(), s.getSubmissionAttempts()));
            String[] cells = {app.getMetadata().getName(), SparkApps.state(app), attempts,
                s == null ? null : s.getLastSubmissionAttemptTime(), s == null ? null : s.getTerminationTime(),
                Formats.age(app.getMetadata().getCreationTimestamp(), context.clock())};
            if (allNamespaces) {
                String[] withNs = new String[cells.length + 1];
                withNs[0] = app.getMetadata().getNamespace();
                System.arraycopy(cells, 0, withNs, 1, cells.length);
                cells = withNs;
            }
            table.row(cells);
        }
        table.print(out());
        return 0;
    }
}
