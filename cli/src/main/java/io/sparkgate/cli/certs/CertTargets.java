package io.sparkgate.cli.certs;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.certs.CertificateMaterial;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.InvalidPemException;
import io.sparkgate.certs.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks a {@code certs} verb makes before it writes anything: the namespace, Service and webhook
 * configurations it is about to touch exist and belong together (every webhook of the named configurations calls
 * this Service), and what it would publish is something the serving certificate is signed by. A verb pointed at
 * the wrong place (say {@code --namespace spark-system} for an install in {@code sparkgate-system}) is refused with
 * one line naming what was found instead, before any CA is made or any caBundle replaced.
 */
final class CertTargets {
    /** What a verb is about to do, which decides what must already exist. */
    enum Verb {
        /** Create or repair: before an install neither the Service nor the configurations need exist. */
        INIT,
        /** Copy ca.crt into the caBundles: the configurations and a signed certificate must exist. */
        INJECT,
        /** Renew or roll over what serves: the Service and a certificate must exist. */
        ROTATE
    }

    /** A refusal: the verb's flags do not name an install that exists (exit code 2, bad input). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private CertTargets() {
    }

    /**
     * Checks the targets of {@code verb}.
     *
     * @throws Refused naming what does not exist or does not belong together
     */
    static void check(KubernetesClient client, CertificateSettings s, Verb verb) {
        List<String> calledServices = calledServices(client, s);
        String here = s.namespace() + "/" + s.service();
        if (client.namespaces().withName(s.namespace()).get() == null) {
            throw new Refused("namespace \"" + s.namespace() + "\" not found" + hint(calledServices, here));
        }
        for (String called : calledServices) {
            if (!called.endsWith(" " + here)) {
                throw new Refused(called.substring(0, called.lastIndexOf(' ')) + " calls service "
                        + called.substring(called.lastIndexOf(' ') + 1) + ", not " + here
                        + ": give the --namespace and --service it calls (or --mutating-webhook/--validating-webhook "
                        + "\"\" to leave it alone)");
            }
        }
        if (verb != Verb.INIT && client.services().inNamespace(s.namespace()).withName(s.service()).get() == null) {
            throw new Refused("service " + here + " not found: --service must name the webhook Service of the "
                    + "install" + hint(calledServices, here));
        }
        CertificateMaterial m = new CertificateSecrets(client, s).read().material();
        if (verb == Verb.ROTATE && m.tlsCrt() == null) {
            throw new Refused("Secret " + s.namespace() + "/" + s.secretName() + " holds no certificate, so there is "
                    + "nothing to rotate: run 'sparkgate certs init' first (or check --secret)");
        }
        if (verb == Verb.INJECT && m.tlsCrt() != null && m.caCrt() != null && !signedByOneOf(m)) {
            throw new Refused("Secret " + s.namespace() + "/" + s.secretName() + ": tls.crt is not signed by any CA "
                    + "in ca.crt, so a caBundle made from it would make the API server reject the webhook; run "
                    + "'sparkgate certs init' to repair the Secret");
        }
    }

    /** "<Kind>/<name> <namespace>/<service>" for every service-referencing webhook of the named configurations. */
    private static List<String> calledServices(KubernetesClient client, CertificateSettings s) {
        Set<String> out = new LinkedHashSet<>();
        if (!s.mutatingWebhook().isEmpty()) {
            MutatingWebhookConfiguration m = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .withName(s.mutatingWebhook()).get();
            if (m != null && m.getWebhooks() != null) {
                for (MutatingWebhook w : m.getWebhooks()) {
                    add(out, "MutatingWebhookConfiguration/" + s.mutatingWebhook(), w.getClientConfig() == null ? null
                            : w.getClientConfig().getService());
                }
            }
        }
        if (!s.validatingWebhook().isEmpty()) {
            ValidatingWebhookConfiguration v = client.admissionRegistration().v1().validatingWebhookConfigurations()
                    .withName(s.validatingWebhook()).get();
            if (v != null && v.getWebhooks() != null) {
                for (ValidatingWebhook w : v.getWebhooks()) {
                    add(out, "ValidatingWebhookConfiguration/" + s.validatingWebhook(), w.getClientConfig() == null
                            ? null : w.getClientConfig().getService());
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(Set<String> out, String configuration, ServiceReference service) {
        if (service != null) {
            out.add(configuration + " " + service.getNamespace() + "/" + service.getName());
        }
    }

    private static String hint(List<String> calledServices, String here) {
        return calledServices.stream().filter(c -> !c.endsWith(" " + here)).findFirst()
                .map(c -> " (" + c.substring(0, c.lastIndexOf(' ')) + " calls service "
                        + c.substring(c.lastIndexOf(' ') + 1) + ")")
                .orElse("");
    }

    private static boolean signedByOneOf(CertificateMaterial m) {
        try {
            X509Certificate leaf = Pem.readCertificates(m.tlsCrt(), "tls.crt").get(0);
            for (X509Certificate ca : Pem.readCertificates(m.caCrt(), "ca.crt")) {
                if (Objects.equals(ca.getSubjectX500Principal(), leaf.getIssuerX500Principal())) {
                    try {
                        leaf.verify(ca.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException e) {
                        // another CA of the same name: try the next
                    }
                }
            }
            return false;
        } catch (InvalidPemException e) {
            return false;
        }
    }
}
