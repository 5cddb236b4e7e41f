package io.sparkgate.cli.operator;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.sparkgate.informers.InterningSerialization;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.cli.HealthEndpoints;
import io.sparkgate.cli.server.DurationConverter;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.operator.AppValidator;
import io.sparkgate.operator.LauncherSubmitter;
import io.sparkgate.operator.Operator;
import io.sparkgate.operator.OperatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkgate operator}: runs kubeflow-format SparkApplications and ScheduledSparkApplications. */
@Command(name = "operator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the SparkApplication operator: every SparkApplication (sparkoperator.k8s.io/v1beta2, "
                + "the kubeflow format) you kubectl apply is submitted, followed through its driver pod, retried "
                + "as its restartPolicy says, deleted after spec.timeToLiveSeconds, and reported in its status and "
                + "in Events. ScheduledSparkApplications start runs on their cron schedule.",
            "",
            "Without --kubeconfig it uses the pod's service account (in the cluster) or ~/.kube/config. With "
                + "leader election on (the default) several replicas can run: exactly one acts, another takes over "
                + "within --lease-duration when it dies.",
            "",
            "Examples:",
            "  sparkgate operator                                  # in the cluster, all namespaces",
            "  sparkgate operator --kubeconfig ~/.kube/config -n spark-jobs --leader-elect=false",
            ""})
public final class OperatorCommand implements Callable<Integer> {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig of the cluster to act on. Default: in-cluster service account, else "
                    + "~/.kube/config.")
    Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Watch only this namespace. Default: all namespaces.")
    String namespace;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "10",
            description = "Apps reconciled in parallel (one app is never handled by two workers). "
                    + "Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--leader-elect", paramLabel = "true|false", defaultValue = "true", arity = "1",
            description = "Take a Lease before acting, so that of several replicas exactly one acts. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean leaderElect;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "sparkgate-operator",
            description = "Name of the coordination.k8s.io Lease. Default: ${DEFAULT-VALUE}.")
    String leaseName;

    @Option(names = "--lease-namespace", paramLabel = "NAMESPACE",
            description = "Namespace of the Lease. Default: $POD_NAMESPACE, else \"default\".")
    String leaseNamespace;

    @Option(names = "--identity", paramLabel = "NAME",
            description = "This replica's name in the Lease. Default: $HOSTNAME (the pod name), else a random id.")
    String identity;

    @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "How long a leader's Lease lasts without renewal. Default: ${DEFAULT-VALUE}.")
    Duration leaseDuration;

    @Option(names = "--renew-deadline", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long the leader keeps trying to renew before it stops acting. Default: "
                    + "${DEFAULT-VALUE}.")
    Duration renewDeadline;

    @Option(names = "--retry-period", paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How often a waiting replica tries to take the Lease. Default: ${DEFAULT-VALUE}.")
    Duration retryPeriod;

    @Option(names = "--driver-grace-period", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long a submitted driver pod may be missing before the app is failed. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration driverGracePeriod;

    @Option(names = "--master-url", paramLabel = "URL", defaultValue = LauncherSettings.IN_CLUSTER_MASTER,
            description = "API server URL drivers use (spark.master). Default: ${DEFAULT-VALUE}.")
    String masterUrl;

    @Option(names = "--ingress-url-format", paramLabel = "FORMAT",
            description = "Also create a Spark UI Ingress per app at this URL, as kubeflow's flag of the same name: "
                    + "{{$appName}} and {{$appNamespace}} are replaced, e.g. {{$appName}}.spark.example.com. "
                    + "Default: no UI Ingress (the UI Service is always created).")
    String ingressUrlFormat;

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Plain-HTTP port serving /healthz (alive), /readyz (ready once the operator has started: "
                    + "caches synced, or standing by for the Lease) and Prometheus /metrics; 0 turns it off. "
                    + "Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1, was "
                    + workers);
        }
        if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kubeconfig: cannot read " + kubeconfig);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean ready = new AtomicBoolean();
        HttpServer health = healthPort == 0 ? null : HealthEndpoints.serve(registry, ready::get, healthPort);
        KubernetesClient client = client();
        OperatorConfig config = config();
        var submitter = new LauncherSubmitter(new SubmissionBuilder(new LauncherSettings(masterUrl,
                LauncherSettings.DEFAULT_USER), Clock.systemUTC()), new Submitter(client));
        Operator operator = new Operator(client, config, submitter, AppValidator.builtInRules(), registry,
                Clock.systemUTC(), new SecureRandom());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.stop();
            client.close();
            ready.set(false);
            if (health != null) {
                health.stop(0);
            }
            stopped.countDown();
        }, "sparkgate-shutdown"));
        try {
            operator.start();
            ready.set(true);
        } catch (KubernetesClientException e) {
            spec.commandLine().getErr().println("sparkgate operator: cannot reach the Kubernetes API server: "
                    + e.getMessage());
            return 1;
        }
        stopped.await();
        return 0;
    }

    OperatorConfig config() {
        String id = identity != null ? identity : envOr("HOSTNAME", "sparkgate-" + UUID.randomUUID());
        OperatorConfig config = OperatorConfig.defaults(id).withNamespace(namespace).withWorkers(workers)
                .withDriverGracePeriod(driverGracePeriod).withUiIngressUrlFormat(ingressUrlFormat);
        if (leaderElect) {
            config = config.withLeaderElection(leaseNamespace != null ? leaseNamespace
                    : envOr("POD_NAMESPACE", "default"), leaseName, leaseDuration, renewDeadline, retryPeriod);
        }
        return config;
    }

    // Its informers hold every app and Spark pod: objects read with interned strings (issue 20).
    private KubernetesClient client() throws IOException {
        if (kubeconfig == null) {
            return InterningSerialization.clientBuilder().build();
        }
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        return InterningSerialization.clientBuilder().withConfig(config).build();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
