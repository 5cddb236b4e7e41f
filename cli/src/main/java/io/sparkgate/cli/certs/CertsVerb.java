package io.sparkgate.cli.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.certs.CaBundleInjector;
import io.sparkgate.certs.CertificateEvents;
import io.sparkgate.certs.CertificateMaterial;
import io.sparkgate.certs.Pem;
import io.sparkgate.certs.CertificateReconciler;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.EndpointRolloutProbe;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What the {@code certs} verbs share: options, a client, the reconciler, and one clear line on failure. */
abstract class CertsVerb implements Callable<Integer> {
    @Mixin
    CertOptions options;

    @ParentCommand
    CertsCommand parent;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--dry-run", description = "Check the targets and print what would be done; "
            + "write nothing.")
    boolean dryRun;

    final Clock clock = Clock.systemUTC();
    final SecureRandom random = new SecureRandom();

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CertificateSettings settings;
        try {
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            err.println("sparkgate certs " + spec.name() + ": " + e.getMessage());
            return 2;
        }
        try (KubernetesClient client = parent.client(options.kubeconfig)) {
            CertTargets.check(client, settings, verb());
            if (dryRun) {
                spec.commandLine().getOut().println("dry run, nothing written: " + dryRun(client, settings));
                spec.commandLine().getOut().flush();
                return 0;
            }
            return run(client, settings, spec.commandLine().getOut());
        } catch (CertTargets.Refused e) {
            err.println("sparkgate certs " + spec.name() + ": " + e.getMessage());
            return 2;
        } catch (KubernetesClientException e) {
            err.println("sparkgate certs " + spec.name() + ": Kubernetes API: " + firstLine(e.getMessage()));
            return 1;
        } catch (RuntimeException e) {
            err.println("sparkgate certs " + spec.name() + ": " + firstLine(e.getMessage()));
            return 1;
        }
    }

    /** Runs the verb; returns the exit code. */
    abstract int run(KubernetesClient client, CertificateSettings settings, PrintWriter out);

    /** What the verb decides for {@link #verb()}'s targets. */
    abstract CertTargets.Verb verb();

    /** What {@link #run} would do, decided over the same reads; writes nothing. */
    abstract String dryRun(KubernetesClient client, CertificateSettings settings);

    /** A reconciler over {@code client}; a CA rollover ends only once every Service endpoint serves the new leaf. */
    CertificateReconciler reconciler(KubernetesClient client, CertificateSettings settings) {
        return new CertificateReconciler(settings, new CertificateSecrets(client, settings),
                new CaBundleInjector(client, settings.webhookConfigurations(), clock),
                new EndpointRolloutProbe(client, settings, Duration.ofSeconds(3), random),
                new CertificateEvents(client, settings.namespace(), settings.secretName(), "sparkgate-certs-" + spec.name(),
                        clock), clock, random);
    }

    /** A plan as the step it would take, for {@code --dry-run}: "issue a new serving certificate (renewal requested)". */
    static String would(io.sparkgate.certs.CertificatePlan plan) {
        String step = plan instanceof io.sparkgate.certs.CertificatePlan.Bootstrap
                ? "create a CA and a serving certificate"
                : plan instanceof io.sparkgate.certs.CertificatePlan.IssueLeaf ? "issue a new serving certificate"
                : plan instanceof io.sparkgate.certs.CertificatePlan.StartCaRollover
                ? "start a CA rollover (the new CA trusted next to the old one first)"
                : plan instanceof io.sparkgate.certs.CertificatePlan.RepairTrust ? "repair ca.crt"
                : plan instanceof io.sparkgate.certs.CertificatePlan.FinishCaRollover
                ? "finish the CA rollover (drop the old CA)" : "change no certificate";
        return "would " + step + " (" + plan.reason() + ")";
    }

    /** One line describing what the Secret now holds, for the Job log. */
    static String summary(CertificateSettings settings, CertificateMaterial m) {
        if (m.tlsCrt() == null) {
            return "Secret " + settings.namespace() + "/" + settings.secretName() + " holds no certificate";
        }
        X509Certificate leaf = Pem.readCertificates(m.tlsCrt(), "tls.crt").get(0);
        int cas = Pem.readCertificates(m.caCrt(), "ca.crt").size();
        return "Secret " + settings.namespace() + "/" + settings.secretName() + ": certificate serial "
                + leaf.getSerialNumber().toString(16) + " valid until " + leaf.getNotAfter().toInstant() + ", ca.crt holds "
                + cas + (cas == 1 ? " CA" : " CAs (rollover in progress)");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
