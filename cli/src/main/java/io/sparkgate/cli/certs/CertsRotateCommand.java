package io.sparkgate.cli.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.certs.CertificatePlan;
import io.sparkgate.certs.CertificateReconciler;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.Pem;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkgate certs rotate}: renews the serving certificate now, or with {@code --ca} starts a CA rollover (the
 * new CA joins the caBundle before any leaf it signed is served). With {@code --wait} it stays until the rollover is
 * complete; otherwise the certificate writer (or a later run) finishes it after the overlap.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = "Renew the serving certificate now; --ca rolls the CA over without downtime.")
public final class CertsRotateCommand extends CertsVerb {
    @Option(names = "--ca", description = "Roll the CA over (and then the serving certificate).")
    boolean ca;

    @Option(names = "--wait", description = "Wait until the rollover is complete: the old CA has left the caBundle.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = LongDurationConverter.class,
            description = "With --wait, give up after this long (exit 1; the rollover stays safe). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    CertTargets.Verb verb() {
        return CertTargets.Verb.ROTATE;
    }

    @Override
    String dryRun(KubernetesClient client, CertificateSettings settings) {
        return would(reconciler(client, settings).plan(!ca, ca));
    }

    @Override
    int run(KubernetesClient client, CertificateSettings settings, PrintWriter out) {
        CertificateReconciler reconciler = reconciler(client, settings);
        CertificateSecrets secrets = new CertificateSecrets(client, settings);
        CertificatePlan plan = reconciler.reconcile(!ca, ca);
        Instant deadline = clock.instant().plus(timeout);
        while (await && !complete(secrets)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("rollover not complete after " + timeout + " (" + plan.reason()
                        + "); both CAs stay trusted");
            }
            sleepUntil(next(plan));
            plan = reconciler.reconcile();
        }
        out.println(summary(settings, secrets.read().material()));
        out.println(plan.reason());
        return 0;
    }

    private boolean complete(CertificateSecrets secrets) {
        String caCrt = secrets.read().material().caCrt();
        return caCrt != null && Pem.readCertificates(caCrt, "ca.crt").size() == 1;
    }

    private Instant next(CertificatePlan plan) {
        Instant soon = clock.instant().plusSeconds(5);
        Instant at = plan instanceof CertificatePlan.Keep keep ? keep.nextCheck()
                : plan instanceof CertificatePlan.WaitForBundle wait ? wait.nextCheck() : soon;
        return at.isBefore(soon) ? at : soon;
    }

    private void sleepUntil(Instant at) {
        long millis = Duration.between(clock.instant(), at).toMillis();
        try {
            Thread.sleep(Math.max(100, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
