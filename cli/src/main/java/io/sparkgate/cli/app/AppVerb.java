package io.sparkgate.cli.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the sparkctl-style verbs: connects with the cluster options, resolves the namespace, and turns every
 * failure into one line on stderr: exit code 1 when the cluster refused or the operation failed, 2 for bad input
 * (as picocli's usage errors; see {@link CliFailure}).
 */
abstract class AppVerb implements Callable<Integer> {
    /** Exit code of a failed verb. */
    static final int FAILED = 1;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Spec
    CommandSpec spec;

    final AppContext context;

    AppVerb(AppContext context) {
        this.context = context;
    }

    /** Runs the verb against the cluster in the resolved namespace; returns the exit code. */
    abstract int execute(KubernetesClient client, String namespace) throws InterruptedException;

    @Override
    public final Integer call() {
        String namespace = cluster.namespace();
        try (KubernetesClient client = context.clients().create(cluster)) {
            namespace = namespace != null ? namespace : defaultNamespace(client);
            return execute(client, namespace);
        } catch (CliFailure e) {
            return fail(e.getMessage(), e.exitCode());
        } catch (KubernetesClientException e) {
            return fail(Failures.describe(e, namespace), FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** Standard output of this command line (tests capture it). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error of this command line (tests capture it). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private int fail(String message, int code) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + message);
        err.flush();
        return code;
    }

    /** The namespace given in the file being created, consulted before the kubeconfig's; null by default. */
    String namespaceFromInput() {
        return null;
    }

    private String defaultNamespace(KubernetesClient client) {
        String fromInput = namespaceFromInput();
        if (fromInput != null) {
            return fromInput;
        }
        String configured = client.getConfiguration().getNamespace();
        return configured == null || configured.isBlank() ? "default" : configured;
    }
}
