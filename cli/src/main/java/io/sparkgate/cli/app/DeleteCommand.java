package io.sparkgate.cli.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sparkgate delete <app>}: deletes a SparkApplication; the operator removes its pods and services. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a SparkApplication.")
public final class DeleteCommand extends AppVerb {
    @Parameters(index = "0", paramLabel = "APP", description = "Name of the SparkApplication.")
    String app;

    /** Used by picocli. */
    public DeleteCommand() {
        this(AppContext.system());
    }

    DeleteCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) {
        SparkApps apps = new SparkApps(client, namespace);
        if (apps.api().inNamespace(namespace).withName(app).delete().isEmpty()) {
            throw new CliFailure(apps.missing(app));
        }
        out().printf("sparkapplication %s/%s deleted%n", namespace, app);
        out().flush();
        return 0;
    }
}
