package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three certificate modes: who creates the serving certificate and who fills the caBundle. */
class CertModesTest {

    @Test
    void selfModeCreatesTheSecretInAPreInstallJobWithItsOwnIdentity() {
        Rendered r = Helm.render(Map.of());
        JsonNode job = r.get("Job", "sparkgate-certs");
        assertThat(job.at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("pre-install,pre-upgrade");
        assertThat(job.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("sparkgate-certs");
        assertThat(job.at("/spec/template/spec/containers/0/args").toString())
                .contains("\"certs\"", "\"init\"", "--secret=sparkgate-tls", "--service=sparkgate",
                        "--namespace=" + Helm.NAMESPACE);
        assertThat(job.at("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        for (String kind : List.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")) {
            assertThat(r.get(kind, "sparkgate-certs").at("/metadata/annotations/helm.sh~1hook-weight").asInt())
                    .as(kind).isLessThan(0);
        }
        // Exactly what "certs init" calls (CertTargets.check, CertificateSecrets.read/write, CaBundleInjector):
        // both Secrets read on every run, an upgrade over an existing CA Secret included; no patch anywhere.
        assertThat(RbacTest.rights(r, "sparkgate-certs")).containsExactlyInAnyOrder(
                "/secrets:create@ns", "/secrets:get@sparkgate-tls@ns", "/secrets:update@sparkgate-tls@ns",
                "/secrets:get@sparkgate-tls-ca@ns", "/secrets:update@sparkgate-tls-ca@ns",
                "/namespaces:get@" + Helm.NAMESPACE,
                "admissionregistration.k8s.io/mutatingwebhookconfigurations:get@sparkgate",
                "admissionregistration.k8s.io/mutatingwebhookconfigurations:update@sparkgate",
                "admissionregistration.k8s.io/validatingwebhookconfigurations:get@sparkgate",
                "admissionregistration.k8s.io/validatingwebhookconfigurations:update@sparkgate");
        assertThat(secretMounted(r)).isEqualTo("sparkgate-tls");
        assertThat(r.ofKind("Certificate")).isEmpty();
        assertNoCaBundleNorInjectAnnotation(r);
        // The Job and the webhook that renews afterwards agree on names and lifetimes.
        // The webhook only reads; the certificate writer, its own Deployment, renews with the Job's names and lifetimes.
        assertThat(webhookArgs(r)).contains("--cert-mode=external", "--secret=sparkgate-tls", "--service=sparkgate")
                .noneMatch(a -> a.contains("managed") || a.startsWith("--ca-validity") || a.startsWith("--lease-name"));
        assertThat(r.get("Deployment", "sparkgate-cert-writer").at("/spec/template/spec/containers/0/args").toString())
                .contains("\"cert-writer\"", "--ca-validity=3650d", "--leaf-validity=365d", "--secret=sparkgate-tls");
        assertThat(RbacTest.rights(r, "sparkgate")).noneMatch(p -> p.contains("sparkgate-tls-ca"));
        assertThat(RbacTest.rights(r, "sparkgate-cert-writer")).contains("/secrets:get@sparkgate-tls-ca@ns");
        assertThat(job.at("/spec/template/spec/containers/0/args").toString())
                .contains("--ca-validity=3650d", "--leaf-validity=365d");
    }

    @Test
    void secretModesOtherThanSelfOnlyReadTheSecretAndNeverWriteACaBundle() {
        for (String file : List.of("cert-manager.yaml", "existing.yaml")) {
            Rendered r = Helm.render(Map.of(), values(file));
            assertThat(webhookArgs(r)).as(file).contains("--cert-mode=external", "--secret=" + secretMounted(r),
                    "--namespace=" + Helm.NAMESPACE).noneMatch(a -> a.startsWith("--lease-name")
                    || a.startsWith("--mutating-webhook"));
            assertThat(RbacTest.permissions(r.get("ClusterRole", "sparkgate-webhook"))).as(file)
                    .noneMatch(p -> p.contains("webhookconfigurations"));
            assertThat(RbacTest.permissions(r.get("Role", "sparkgate"))).as(file)
                    .noneMatch(p -> p.contains("endpointslices") || p.contains("-ca") || p.contains("leases:get@"
                            + "sparkgate-webhook"));
        }
    }

    private static List<String> webhookArgs(Rendered r) {
        List<String> out = new java.util.ArrayList<>();
        r.get("Deployment", "sparkgate").at("/spec/template/spec/containers/0/args").forEach(a -> out.add(a.asText()));
        return out;
    }

    @Test
    void certManagerModeIssuesACertificateAndLetsTheCaInjectorFillTheBundle() {
        Rendered r = Helm.render(Map.of(), values("cert-manager.yaml"));
        JsonNode serving = r.get("Certificate", "sparkgate-serving");
        assertThat(serving.at("/spec/secretName").asText()).isEqualTo(secretMounted(r));
        assertThat(serving.at("/spec/dnsNames").toString()).contains("sparkgate.sparkgate-system.svc");
        assertThat(serving.at("/spec/issuerRef/name").asText()).isEqualTo("sparkgate-ca");
        assertThat(r.get("Certificate", "sparkgate-ca").at("/spec/isCA").asBoolean()).isTrue();
        assertThat(r.get("Issuer", "sparkgate-ca").at("/spec/ca/secretName").asText()).isEqualTo("sparkgate-ca");
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            assertThat(r.get(kind, "sparkgate").at("/metadata/annotations/cert-manager.io~1inject-ca-from").asText())
                    .isEqualTo(Helm.NAMESPACE + "/sparkgate-serving");
        }
        assertThat(r.ofKind("Job")).isEmpty();
        assertThat(RbacTest.permissions(r.get("ClusterRole", "sparkgate-webhook")))
                .noneMatch(p -> p.contains("webhookconfigurations"));
        assertThat(RbacTest.permissions(r.get("Role", "sparkgate"))).noneMatch(p -> p.startsWith("/secrets:update"));
    }

    @Test
    void certManagerModeUsesAGivenIssuer() {
        Rendered r = Helm.render(Map.of(), values("production.yaml"));
        JsonNode serving = r.get("Certificate", "sparkgate-serving");
        assertThat(serving.at("/spec/issuerRef/name").asText()).isEqualTo("corp-ca");
        assertThat(serving.at("/spec/issuerRef/kind").asText()).isEqualTo("ClusterIssuer");
        assertThat(r.ofKind("Issuer")).isEmpty();
        assertThat(r.get("Deployment", "sparkgate").at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void existingModeMountsTheGivenSecretAndRendersTheGivenBundle() {
        Rendered r = Helm.render(Map.of(), values("existing.yaml"));
        assertThat(secretMounted(r)).isEqualTo("my-webhook-tls");
        assertThat(r.ofKind("Job")).isEmpty();
        assertThat(r.ofKind("Certificate")).isEmpty();
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            r.get(kind, "sparkgate").path("webhooks").forEach(h ->
                    assertThat(h.at("/clientConfig/caBundle").asText()).isEqualTo("TUlJQmR1bW15Q0E="));
        }
        assertThat(RbacTest.permissions(r.get("Role", "sparkgate")))
                .contains("/secrets:get@my-webhook-tls").noneMatch(p -> p.startsWith("/secrets:update"));
    }

    private static void assertNoCaBundleNorInjectAnnotation(Rendered r) {
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            JsonNode config = r.get(kind, "sparkgate");
            assertThat(config.at("/metadata/annotations").isMissingNode()).isTrue();
            config.path("webhooks").forEach(h -> assertThat(h.at("/clientConfig/caBundle").isMissingNode()).isTrue());
        }
    }

    private static String secretMounted(Rendered r) {
        for (JsonNode v : r.get("Deployment", "sparkgate").at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals("tls")) {
                return v.at("/secret/secretName").asText();
            }
        }
        throw new AssertionError("no tls volume");
    }

    static Path values(String name) {
        try {
            return Path.of(CertModesTest.class.getResource("/values/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test values file missing: " + name, e);
        }
    }
}
