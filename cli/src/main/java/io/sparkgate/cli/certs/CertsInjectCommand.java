package io.sparkgate.cli.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.certs.CaBundleInjector;
import io.sparkgate.certs.CertificateMaterial;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.CertificateSettings;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code sparkgate certs inject}: copies the Secret's {@code ca.crt} into every entry's caBundle; writes no Secret. */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = "Set the caBundle of every webhook entry from the Secret's ca.crt (e.g. after a Helm upgrade).")
public final class CertsInjectCommand extends CertsVerb {
    @Override
    CertTargets.Verb verb() {
        return CertTargets.Verb.INJECT;
    }

    @Override
    String dryRun(KubernetesClient client, CertificateSettings settings) {
        return "would set the caBundle of " + settings.webhookConfigurations() + " from Secret "
                + settings.namespace() + "/" + settings.secretName() + " ca.crt";
    }

    @Override
    int run(KubernetesClient client, CertificateSettings settings, PrintWriter out) {
        CertificateMaterial m = new CertificateSecrets(client, settings).read().material();
        if (m.caCrt() == null) {
            throw new IllegalStateException("Secret " + settings.namespace() + "/" + settings.secretName()
                    + " holds no ca.crt; run 'sparkgate certs init' first");
        }
        CaBundleInjector.Result result = reconciler(client, settings).inject();
        if (!result.missing().isEmpty()) {
            throw new IllegalStateException(result.missing() + " not found");
        }
        out.println(result.changed().isEmpty() ? "every caBundle was already right"
                : "caBundle set in " + result.changed());
        return 0;
    }
}
