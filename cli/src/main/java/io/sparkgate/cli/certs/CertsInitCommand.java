package io.sparkgate.cli.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.certs.CaBundleInjector;
import io.sparkgate.certs.CertificatePlan;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.CertificateSettings;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code sparkgate certs init}: makes sure a valid certificate exists (creating or repairing it, never replacing a
 * valid one) and publishes the CA in the webhook configurations that exist. Safe to run from many Jobs at once.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the CA and serving certificate if absent or unusable, and inject the caBundle.")
public final class CertsInitCommand extends CertsVerb {
    @Override
    CertTargets.Verb verb() {
        return CertTargets.Verb.INIT;
    }

    @Override
    String dryRun(KubernetesClient client, CertificateSettings settings) {
        return would(reconciler(client, settings).plan(false, false)) + "; then set the caBundle of "
                + settings.webhookConfigurations() + " from ca.crt";
    }

    @Override
    int run(KubernetesClient client, CertificateSettings settings, PrintWriter out) {
        CertificatePlan plan = reconciler(client, settings).reconcile();
        out.println(summary(settings, new CertificateSecrets(client, settings).read().material()));
        CaBundleInjector.Result published = reconciler(client, settings).inject();
        // Before an install the configurations may not exist yet: the webhook injects them once they do.
        published.missing().forEach(ref -> out.println(ref + " does not exist yet; its caBundle is injected later"));
        out.println(plan.reason());
        return 0;
    }
}
