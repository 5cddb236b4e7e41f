package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.io.IOException;
import java.net.InetAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkgate forward <app>}: forwards a local port to the driver's Spark UI until Ctrl-C. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Forward a local port to the Spark UI of a SparkApplication's driver.")
public final class ForwardCommand extends AppVerb {
    @Parameters(index = "0", paramLabel = "APP", description = "Name of the SparkApplication.")
    String app;

    @Option(names = {"-l", "--local-port"}, paramLabel = "PORT", defaultValue = "4040",
            description = "Local port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int localPort;

    @Option(names = {"-r", "--remote-port"}, paramLabel = "PORT", defaultValue = "4040",
            description = "Port of the driver's UI (default: ${DEFAULT-VALUE}, spark.ui.port).")
    int remotePort;

    private String driverName;

    /** Used by picocli. */
    public ForwardCommand() {
        this(AppContext.system());
    }

    ForwardCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) throws InterruptedException {
        try (LocalPortForward forward = open(client, namespace)) {
            out().printf("Forwarding http://127.0.0.1:%d -> pod %s port %d (Ctrl-C to stop)%n",
                    forward.getLocalPort(), driverName, remotePort);
            out().flush();
            return watch(forward);
        } catch (IOException e) {
            throw new CliFailure("cannot close the port-forward: " + e.getMessage());
        }
    }

    /**
     * Reports the tunnel's errors as {@code kubectl port-forward} does, one line each on stderr as they happen
     * (a connection the pod refused, a stream that broke), and ends with exit code 1 when the tunnel is gone.
     */
    private int watch(LocalPortForward forward) throws InterruptedException {
        int reported = 0;
        while (true) {
            java.util.List<Throwable> errors = new java.util.ArrayList<>(forward.getClientThrowables());
            errors.addAll(forward.getServerThrowables());
            for (int i = reported; i < errors.size(); i++) {
                Throwable t = errors.get(i);
                err().println("error: an error occurred forwarding " + forward.getLocalPort() + " -> " + remotePort
                        + " (pod " + driverName + "): " + (t.getMessage() == null ? t.toString() : t.getMessage()));
            }
            if (errors.size() > reported) {
                err().flush();
                reported = errors.size();
            }
            if (!forward.isAlive()) {
                err().println("error: lost connection to pod " + driverName);
                err().flush();
                return FAILED;
            }
            Thread.sleep(500);
        }
    }

    /** Opens the forward to the running driver's UI port on 127.0.0.1; the caller closes it. */
    LocalPortForward open(KubernetesClient client, String namespace) {
        SparkApps apps = new SparkApps(client, namespace);
        SparkApplication application = apps.require(app);
        Pod driver = apps.driverPod(application);
        driverName = driver.getMetadata().getName();
        String phase = driver.getStatus() == null ? null : driver.getStatus().getPhase();
        if (!"Running".equals(phase)) {
            throw new CliFailure("driver pod \"" + driverName + "\" is " + (phase == null ? "not running" : phase)
                    + "; its UI is only there while it runs");
        }
        try {
            return client.pods().inNamespace(namespace).withName(driverName)
                    .portForward(remotePort, InetAddress.getLoopbackAddress(), localPort);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new CliFailure("cannot listen on 127.0.0.1:" + localPort + ": " + io.getMessage());
            }
            throw e;
        }
    }
}
