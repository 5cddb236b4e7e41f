package io.sparkgate.cli.certs;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sparkgate certs}: one-shot certificate steps for a Helm hook Job or an operator at a terminal. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Create, publish and rotate the webhook's certificates (one-shot; 'sparkgate cert-writer' "
                + "does this continuously, the webhook never does).",
        subcommands = {CertsInitCommand.class, CertsInjectCommand.class, CertsRotateCommand.class})
public final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Function<Path, KubernetesClient> clients;

    /** The real command: clients from {@code --kubeconfig} or the usual places. */
    public CertsCommand() {
        this(CertsCommand::kubeconfigClient);
    }

    /** A command whose verbs get their client from {@code clients} (tests bind it to a mock server). */
    public CertsCommand(Function<Path, KubernetesClient> clients) {
        this.clients = clients;
    }

    KubernetesClient client(Path kubeconfig) {
        return clients.apply(kubeconfig);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A client of {@code kubeconfig}, or of the usual places (in-cluster, $KUBECONFIG, ~/.kube/config) for null. */
    static KubernetesClient kubeconfigClient(Path kubeconfig) {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }
}
