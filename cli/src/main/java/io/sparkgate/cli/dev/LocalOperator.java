package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.operator.AppValidator;
import io.sparkgate.operator.LauncherSubmitter;
import io.sparkgate.operator.Operator;
import io.sparkgate.operator.OperatorConfig;
import java.security.SecureRandom;
import java.time.Clock;

/** The operator sidecar as {@code sparkgate operator} wires it (launcher submitter, built-in rules), on a local cluster. */
public final class LocalOperator {

    private LocalOperator() {
    }

    /** Starts an operator acting on every namespace of the cluster, without leader election; the caller stops it. */
    public static Operator start(LocalCluster cluster) {
        KubernetesClient client = cluster.api().newClient(c -> c);
        var submitter = new LauncherSubmitter(new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()),
                new Submitter(client));
        Operator operator = new Operator(client, OperatorConfig.defaults("sparkgate-local").withWorkers(2), submitter,
                AppValidator.builtInRules(), new SimpleMeterRegistry(), Clock.systemUTC(), new SecureRandom());
        operator.start();
        return operator;
    }
}
