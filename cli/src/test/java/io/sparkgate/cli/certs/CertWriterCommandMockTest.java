package io.sparkgate.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkgate.certs.CaBundleInjector;
import io.sparkgate.certs.CertificateSecrets;
import io.sparkgate.certs.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sparkgate cert-writer}, the process that alone holds the CA key (issue 18): it creates the CA Secret and the
 * serving Secret, publishes the CA in the caBundle, and renews a serving certificate that is about to expire.
 */
@EnableKubernetesMockClient(crud = true)
class CertWriterCommandMockTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String NS = "sparkgate-system";

    @Test
    void theWriterIssuesTheServingSecretKeepsTheCaToItselfAndFillsTheBundle() throws Exception {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("sparkgate").endMetadata()
                        .addNewWebhook().withName("mutate-pods.sparkgate.io").withNewClientConfig().withNewService()
                        .withNamespace(NS).withName("sparkgate").endService().endClientConfig().endWebhook()
                        .build()).create();
        CertWriterCommand command = new CertWriterCommand(kubeconfig -> server.createClient());
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs("-n", NS, "--service", "sparkgate", "--secret", "sparkgate-tls", "--validating-webhook", "",
                "--pod-name", "writer-0", "--health-port", "0");
        var settings = command.options.settings();
        var options = io.sparkgate.certs.ManagerOptions.of(io.sparkgate.certs.ManagerOptions.Mode.MANAGED,
                "writer-0", command.leaseName).withElection(Duration.ofSeconds(4), Duration.ofSeconds(3),
                Duration.ofMillis(200));
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                command.run(settings, options);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await("the serving Secret written", () -> secret("sparkgate-tls") != null
                    && secret("sparkgate-tls").getData().containsKey("tls.crt"));
            await("the caBundle filled", () -> client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .withName("sparkgate").get().getWebhooks().get(0).getClientConfig().getCaBundle() != null);
            Secret serving = secret("sparkgate-tls");
            assertThat(serving.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
            assertThat(secret("sparkgate-tls-ca")).as("the CA key lives in its own Secret").isNotNull();
            var ca = Pem.readCertificates(CertificateSecrets.material(serving, null).caCrt(), "ca.crt");
            assertThat(CaBundleInjector.decode(client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .withName("sparkgate").get().getWebhooks().get(0).getClientConfig().getCaBundle()))
                    .isEqualTo(ca);
            assertThat(client.leases().inNamespace(NS).withName("sparkgate-cert-writer").get()
                    .getSpec().getHolderIdentity()).isEqualTo("writer-0");
        } finally {
            command.stop();
            running.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badLifetimesAreRefusedBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CertWriterCommand(kubeconfig -> server.createClient()));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("-n", NS, "--service", "sparkgate", "--pod-name", "w", "--ca-validity", "30d",
                "--leaf-validity", "60d", "--health-port", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("sparkgate cert-writer: --leaf-validity must not exceed --ca-validity");
    }

    private static Secret secret(String name) {
        return client.secrets().inNamespace(NS).withName(name).get();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 60 s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
