package io.sparkgate.cli.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkgate list}: the SparkApplications of a namespace with their state, like sparkctl list. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List SparkApplications with the columns kubectl shows for them (state, attempts, start, "
                + "finish, age).")
public final class ListCommand extends AppVerb {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default: the CRD's printer columns, as kubectl get sparkapp), wide, name, json "
                    + "or yaml.")
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
        if (output.serialized()) {
            Formats.print(Formats.list(items), output, out());
            return 0;
        }
        if (output == OutputFormat.NAME) {
            items.forEach(a -> out().println("sparkapplication.sparkoperator.k8s.io/" + a.getMetadata().getName()));
            out().flush();
            return 0;
        }
        if (items.isEmpty()) {
            out().println(allNamespaces ? "No SparkApplications found." : "No SparkApplications found in namespace "
                    + namespace + ".");
            out().flush();
            return 0;
        }
        boolean wide = output == OutputFormat.WIDE;
        PrinterColumns columns = PrinterColumns.sparkApplications();
        Table table = new Table(columns.headers(wide, allNamespaces).toArray(String[]::new));
        for (SparkApplication app : items) {
            table.rowAsIs(columns.cells(Json.mapper().valueToTree(app), wide, allNamespaces, context.clock())
                    .toArray(String[]::new));
        }
        table.print(out());
        return 0;
    }
}
