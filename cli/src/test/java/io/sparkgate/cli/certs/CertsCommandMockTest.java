package io.sparkgate.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkgate.certs.CaBundleInjector;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@EnableKubernetesMockClient(crud = true)
class CertsCommandMockTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String[] TARGET = {"--namespace", "spark-system", "--service", "sparkgate"};
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void cluster() {
        if (client.namespaces().withName("spark-system").get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName("spark-system").endMetadata().build()).create();
            client.services().inNamespace("spark-system").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                    .withNewMetadata().withName("sparkgate").endMetadata().build()).create();
        }
        client.secrets().inNamespace("spark-system").delete();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().delete();
        client.admissionRegistration().v1().validatingWebhookConfigurations().delete();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
                .withNewMetadata().withName("sparkgate").endMetadata()
                .addNewWebhook().withName("pods.sparkgate.io").withNewClientConfig().withNewService()
                .withNamespace("spark-system").withName("sparkgate").endService().endClientConfig().endWebhook()
                .build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("sparkgate").endMetadata()
                        .addNewWebhook().withName("pods.sparkgate.io").withNewClientConfig().withNewService()
                        .withNamespace("spark-system").withName("sparkgate").endService().endClientConfig()
                        .endWebhook().build()).create();
    }

    private int run(String verb, String... args) {
        CommandLine cli = new CommandLine(new CertsCommand(kubeconfig -> server.createClient()))
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[1 + TARGET.length + args.length];
        all[0] = verb;
        System.arraycopy(TARGET, 0, all, 1, TARGET.length);
        System.arraycopy(args, 0, all, 1 + TARGET.length, args.length);
        return cli.execute(all);
    }

    private Secret serving() {
        return client.secrets().inNamespace("spark-system").withName("sparkgate-tls").get();
    }

    private List<X509Certificate> caCrt() {
        return Pem.readCertificates(CertificateSecrets.material(serving(), null).caCrt(), "ca.crt");
    }

    private List<X509Certificate> mutatingBundle() {
        MutatingWebhookConfiguration m = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("sparkgate").get();
        return CaBundleInjector.decode(m.getWebhooks().get(0).getClientConfig().getCaBundle());
    }

    @Test
    void initCreatesOnceInjectRestoresAndRotateRenews() {
        assertThat(run("init", "--key-algorithm", "rsa_2048", "--extra-dns", "sparkgate.example.com",
                "--extra-ip", "10.0.0.7", "--leaf-validity", "30d")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("certificate serial").contains("ca.crt holds 1 CA");
        String leaf = serving().getData().get("tls.crt");
        X509Certificate cert = Pem.readCertificates(CertificateSecrets.material(serving(), null).tlsCrt(), "t").get(0);
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(cert.getNotAfter().getTime() - cert.getNotBefore().getTime()).isEqualTo((30 * 24 + 1) * 3_600_000L);
        assertThat(mutatingBundle()).isEqualTo(caCrt());

        assertThat(run("init", "--key-algorithm", "rsa_2048", "--extra-dns", "sparkgate.example.com",
                "--extra-ip", "10.0.0.7")).isZero();
        assertThat(serving().getData().get("tls.crt")).as("a valid certificate is never regenerated").isEqualTo(leaf);

        MutatingWebhookConfiguration wiped = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("sparkgate").get();
        wiped.getWebhooks().get(0).getClientConfig().setCaBundle(null);
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(wiped).update();
        assertThat(run("inject")).isZero();
        assertThat(out.toString()).contains("caBundle set in [MutatingWebhookConfiguration/sparkgate]");
        assertThat(mutatingBundle()).isEqualTo(caCrt());

        assertThat(run("rotate", "--key-algorithm", "rsa_2048", "--extra-dns", "sparkgate.example.com",
                "--extra-ip", "10.0.0.7")).isZero();
        assertThat(serving().getData().get("tls.crt")).isNotEqualTo(leaf);
        assertThat(caCrt()).hasSize(1);
    }

    @Test
    void rotateCaPublishesBothCasBeforeServingTheNewOne() {
        assertThat(run("init")).isZero();
        String leaf = serving().getData().get("tls.crt");
        X509Certificate oldCa = caCrt().get(0);
        assertThat(run("rotate", "--ca")).as(err.toString()).isZero();
        assertThat(caCrt()).hasSize(2).startsWith(oldCa);
        assertThat(mutatingBundle()).isEqualTo(caCrt());
        assertThat(serving().getData().get("tls.crt")).as("old leaf served until the API server trusts the new CA")
                .isEqualTo(leaf);
        assertThat(out.toString()).contains("2 CAs (rollover in progress)");
    }

    @Test
    void errorsExitNonZeroWithOneLine() {
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName("sparkgate").delete();
        assertThat(run("inject")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("sparkgate certs inject: Secret spark-system/sparkgate-tls holds no "
                + "ca.crt; run 'sparkgate certs init' first" + System.lineSeparator());

        err.getBuffer().setLength(0);
        assertThat(run("init")).isZero();
        assertThat(out.toString()).contains("ValidatingWebhookConfiguration/sparkgate does not exist yet");
        assertThat(run("inject")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("sparkgate certs inject: [ValidatingWebhookConfiguration/sparkgate] "
                + "not found" + System.lineSeparator());

        err.getBuffer().setLength(0);
        assertThat(run("init", "--leaf-validity", "800d", "--ca-validity", "400d")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sparkgate certs init: --leaf-validity must not exceed --ca-validity"
                + System.lineSeparator());
        assertThat(run("init", "--ca-validity", "5 years")).isEqualTo(2);
    }

    private int runAt(String namespace, String service, String verb, String... args) {
        CommandLine cli = new CommandLine(new CertsCommand(kubeconfig -> server.createClient()))
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[5 + args.length];
        all[0] = verb;
        all[1] = "-n";
        all[2] = namespace;
        all[3] = "--service";
        all[4] = service;
        System.arraycopy(args, 0, all, 5, args.length);
        return cli.execute(all);
    }

    @Test
    void aVerbPointedAtTheWrongInstallTouchesNothing() {
        assertThat(run("init")).isZero();
        List<X509Certificate> bundle = mutatingBundle();
        String leaf = serving().getData().get("tls.crt");
        err.getBuffer().setLength(0);

        // the documented mistake: a namespace that does not exist (the install is in spark-system here)
        assertThat(runAt("sparkgate-system", "sparkgate", "rotate", "--ca")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sparkgate certs rotate: namespace \"sparkgate-system\" not found "
                + "(MutatingWebhookConfiguration/sparkgate calls service spark-system/sparkgate)"
                + System.lineSeparator());
        // a Service the webhook configurations do not call
        err.getBuffer().setLength(0);
        assertThat(runAt("spark-system", "other", "init", "--mutating-webhook", "sparkgate",
                "--validating-webhook", "sparkgate")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sparkgate certs init: MutatingWebhookConfiguration/sparkgate calls "
                + "service spark-system/sparkgate, not spark-system/other: give the --namespace and --service it "
                + "calls (or --mutating-webhook/--validating-webhook \"\" to leave it alone)" + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(runAt("spark-system", "sparkgate", "rotate", "--mutating-webhook", "sparkgate",
                "--validating-webhook", "sparkgate", "--secret", "elsewhere")).isEqualTo(2);
        assertThat(err.toString()).contains("Secret spark-system/elsewhere holds no certificate, so there is "
                + "nothing to rotate");

        assertThat(mutatingBundle()).isEqualTo(bundle);
        assertThat(serving().getData().get("tls.crt")).isEqualTo(leaf);
        assertThat(client.secrets().inNamespace("spark-system").withName("other-tls").get()).isNull();
        // before an install nothing exists yet: init alone may go ahead (the chart's pre-install Job)
        assertThat(runAt("spark-system", "fresh", "init")).as(err.toString()).isZero();
    }

    @Test
    void rotateNeedsTheServiceThatServes() {
        assertThat(run("init")).isZero();
        client.services().inNamespace("spark-system").withName("sparkgate").delete();
        try {
            assertThat(run("rotate")).isEqualTo(2);
            assertThat(err.toString()).contains("service spark-system/sparkgate not found");
        } finally {
            client.services().inNamespace("spark-system").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                    .withNewMetadata().withName("sparkgate").endMetadata().build()).create();
        }
    }

    @Test
    void dryRunsSayWhatTheyWouldDoAndWriteNothing() {
        assertThat(run("init", "--dry-run")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("dry run, nothing written: would create a CA and a serving "
                + "certificate (no certificate stored yet)");
        assertThat(serving()).isNull();
        assertThat(run("init")).isZero();
        List<X509Certificate> cas = caCrt();
        out.getBuffer().setLength(0);
        assertThat(run("rotate", "--ca", "--dry-run")).isZero();
        assertThat(out.toString()).startsWith("dry run, nothing written: would start a CA rollover");
        assertThat(caCrt()).isEqualTo(cas);
        out.getBuffer().setLength(0);
        assertThat(run("inject", "--dry-run")).isZero();
        assertThat(out.toString()).startsWith("dry run, nothing written: would set the caBundle of ");
    }

    @Test
    void injectNeverPublishesACaTheServingCertificateIsNotSignedBy() {
        assertThat(run("init")).isZero();
        List<X509Certificate> bundle = mutatingBundle();
        Secret s = serving();
        // another install's CA written into ca.crt by hand
        String foreign = io.sparkgate.testing.TestCa.create("another install").caPem();
        s.getData().put("ca.crt", java.util.Base64.getEncoder().encodeToString(foreign.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        client.secrets().inNamespace("spark-system").resource(s).update();
        assertThat(run("inject")).isEqualTo(2);
        assertThat(err.toString()).contains("tls.crt is not signed by any CA in ca.crt");
        assertThat(mutatingBundle()).isEqualTo(bundle);
    }
}
