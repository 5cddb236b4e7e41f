package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import io.sparkgate.webhook.cluster.DirectoryCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sparkgate webhook --apps-dir --policies-dir}: the production engine over a directory, over HTTPS. */
class WebhookRuntimeIT {
    @TempDir
    Path work;

    @Test
    void offlineTheSameEngineAppliesAdminDefaultsAndQuotas() throws Exception {
        Path apps = Files.createDirectories(work.resolve("apps"));
        Files.writeString(apps.resolve("ns.yaml"), "{apiVersion: v1, kind: Namespace, metadata: {name: team-a, "
                + "labels: {tenant: team-a}}}\n");
        ObjectNode app = (ObjectNode) Json.yaml().readTree(Files.readString(Path.of("..", "examples",
                "spark-pi.yaml")));
        ((ObjectNode) app.get("metadata")).put("namespace", "team-a");
        Files.writeString(apps.resolve("app.json"), Json.write(app));
        CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(1), KeyAlgorithm.ECDSA_P256,
                Clock.systemUTC(), new SecureRandom());
        IssuedCertificate leaf = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1),
                KeyAlgorithm.ECDSA_P256);
        Files.writeString(work.resolve("tls.crt"), leaf.certificatePem());
        Files.writeString(work.resolve("tls.key"), leaf.keyPem());

        WebhookCommand command = new WebhookCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--apps-dir", apps.toString(),
                "--policies-dir", Path.of("..", "examples", "policies").toString());
        try (WebhookRuntime runtime = WebhookRuntime.start(WebhookRuntime.config("127.0.0.1", 0, "127.0.0.1", 0,
                work.resolve("tls.crt"), work.resolve("tls.key"), command.admission), command.admission,
                WebhookRuntime.Apps.resolve(null, apps, false))) {
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            ObjectNode review = DevCommand.sampleReview();
            ((ObjectNode) review.get("request")).put("namespace", "team-a");
            JsonNode pod = review.at("/request/object");
            JsonNode response = post(http, runtime, "/mutate/pods", review);
            assertThat(response.at("/response/allowed").asBoolean()).isTrue();
            JsonNode patched = com.github.fge.jsonpatch.JsonPatch.fromJson(Json.mapper().readTree(
                    Base64.getDecoder().decode(response.at("/response/patch").asText()))).apply(pod);
            assertThat(patched.at("/spec/nodeSelector/pool").asText()).isEqualTo("spark"); // team-a's default
            assertThat(patched.at("/metadata/ownerReferences/0/name").asText()).isEqualTo("spark-pi");

            // team-a's rules allow only example.com images: spark-pi's spark:4.1.1 is refused.
            ObjectNode create = Json.mapper().createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                    .put("kind", "AdmissionReview");
            create.putObject("request").put("uid", "u-1").put("operation", "CREATE").put("namespace", "team-a")
                    .put("name", "spark-pi").set("object", app);
            ((ObjectNode) create.get("request")).putObject("kind").put("group", "sparkoperator.k8s.io")
                    .put("version", "v1beta2").put("kind", "SparkApplication");
            JsonNode denied = post(http, runtime, "/validate/sparkapplications", create);
            assertThat(denied.at("/response/allowed").asBoolean()).isFalse();
            assertThat(denied.at("/response/status/code").asInt()).isEqualTo(403);
            assertThat(denied.at("/response/status/message").asText()).contains("SparkPolicy team-a");

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + runtime.server().healthPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            int policies = DirectoryCluster.policies(Path.of("..", "examples", "policies")).all().size();
            assertThat(metrics).contains("sparkgate_policy_active " + policies + ".0")
                    .contains("sparkgate_policy_violations_total{action=\"deny\",policy=\"team-a\"");
        }
    }

    private static JsonNode post(HttpClient http, WebhookRuntime runtime, String path, JsonNode review)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + runtime.server().port() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(review))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static SSLContext trusting(CertificateAuthority ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca.certificate().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }
}
