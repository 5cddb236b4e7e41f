package io.sparkgate.cli.certs;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.certs.CertificateManager;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.EndpointRolloutProbe;
import io.sparkgate.certs.ManagerOptions;
import io.sparkgate.cli.HealthEndpoints;
import io.sparkgate.cli.PodIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgate cert-writer}: the only long-running process that holds the CA key. It issues, renews and rotates
 * the serving certificate in its Secret and keeps both caBundles right, while the webhook (which serves the
 * admission port a tenant's requests reach) only reads that Secret (issue 18). Several replicas elect one writer
 * through a Lease.
 */
@Command(name = "cert-writer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Keep the webhook's serving certificate current: issue it, renew it before it expires, roll "
                + "the CA over without downtime and keep the caBundle of both webhook configurations right. The CA "
                + "key stays in this process and its Secret; the webhook runs with --cert-mode external and reloads "
                + "the serving Secret through a watch.",
            "",
            "Several replicas may run: the one holding the Lease --lease-name writes. /healthz, /readyz and "
                + "/metrics are served on a plain-HTTP port; no port takes admission requests.",
            "",
            "Example:",
            "  sparkgate cert-writer -n sparkgate-system --service sparkgate --secret sparkgate-tls",
            ""})
public final class CertWriterCommand implements Callable<Integer> {
    /** Gauge: 1 while this replica holds the Lease and writes the certificates, else 0. */
    public static final String WRITER = "sparkgate.certificate.writer";

    private static final Logger LOG = LoggerFactory.getLogger(CertWriterCommand.class);

    @Mixin
    CertOptions options;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "sparkgate-cert-writer",
            description = "The Lease (in --namespace) the replicas elect the writer with. Default: ${DEFAULT-VALUE}.")
    String leaseName;

    @Option(names = "--pod-name", paramLabel = "NAME",
            description = "This replica's name in the Lease and in Events. Default: $POD_NAME, else $HOSTNAME.")
    String podName;

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "8082",
            description = "Plain-HTTP port of /healthz, /readyz and /metrics; 0 turns it off. "
                    + "Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Spec
    CommandSpec spec;

    private final Function<Path, KubernetesClient> clients;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** The real command: a client from {@code --kubeconfig} or the usual places. */
    public CertWriterCommand() {
        this(CertsCommand::kubeconfigClient);
    }

    /** A command taking its client from {@code clients} (tests bind it to a mock server). */
    CertWriterCommand(Function<Path, KubernetesClient> clients) {
        this.clients = clients;
    }

    @Override
    public Integer call() throws Exception {
        CertificateSettings settings;
        ManagerOptions manager;
        try {
            settings = options.settings();
            manager = ManagerOptions.of(ManagerOptions.Mode.MANAGED, PodIdentity.resolve(podName), leaseName);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("sparkgate cert-writer: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sparkgate-shutdown"));
        run(settings, manager);
        return 0;
    }

    /** Writes until {@link #stop()}: competes for the Lease, and while holding it keeps the certificates right. */
    void run(CertificateSettings settings, ManagerOptions manager) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean ready = new AtomicBoolean();
        SecureRandom random = new SecureRandom();
        HttpServer health = healthPort == 0 ? null : HealthEndpoints.serve(registry, ready::get, healthPort);
        try (KubernetesClient client = clients.apply(options.kubeconfig);
             CertificateManager writer = new CertificateManager(client, settings, manager, (cert, key) -> { },
                     new EndpointRolloutProbe(client, settings, Duration.ofSeconds(3), random), registry,
                     Clock.systemUTC(), random)) {
            Gauge.builder(WRITER, writer, w -> w.isLeader() ? 1 : 0)
                    .description("1 while this replica writes the certificates").register(registry);
            writer.start();
            ready.set(true);
            LOG.info("certificate writer {} for Secret {}/{} (CA in {}), Lease {}", manager.identity(),
                    settings.namespace(), settings.secretName(), settings.caSecretName(), manager.leaseName());
            stop.await();
        } finally {
            ready.set(false);
            if (health != null) {
                health.stop(0);
            }
        }
    }

    /** Ends {@link #run}: the Lease is given up and the writer stops. */
    void stop() {
        stop.countDown();
    }
}
