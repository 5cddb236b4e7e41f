package io.sparkgate.testing.apiserver;

import static io.sparkgate.testing.apiserver.FakeWebhook.Answer.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.testing.TestCa;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A webhook that cannot be called — too slow, nobody listening, a certificate from another CA or for another
 * name — admits the pod unmutated under failurePolicy Ignore and refuses it under Fail, in kube-apiserver's words.
 */
class FailurePolicyMockTest {
    private static TestCa ca;
    private static TestCa otherCa;
    private static FakeWebhook good;
    private static FakeWebhook wrongCa;
    private static FakeWebhook wrongName;

    private ApiEmulation api;

    enum Outage {
        TIMEOUT("context deadline exceeded"),
        CONNECTION_REFUSED(": connect: connection refused"),
        UNKNOWN_CA("tls: failed to verify certificate: unable to find valid certification path"),
        WRONG_HOSTNAME("tls: failed to verify certificate: No subject alternative DNS name matching hooks.sys.svc"),
        NO_ENDPOINTS("no endpoints available for service \"hooks\""),
        HTTP_500("status code 500");

        final String symptom;

        Outage(String symptom) {
            this.symptom = symptom;
        }
    }

    @BeforeAll
    static void startWebhooks() {
        ca = TestCa.create("test-ca");
        otherCa = TestCa.create("other-ca");
        good = FakeWebhook.start(ca.issueForService(Hooks.SERVICE, Hooks.NAMESPACE).serverContext());
        wrongCa = FakeWebhook.start(otherCa.issueForService(Hooks.SERVICE, Hooks.NAMESPACE).serverContext());
        wrongName = FakeWebhook.start(ca.issueForService("other", Hooks.NAMESPACE).serverContext());
        Consumer<FakeWebhook> patching = w -> w.on("/m", r ->
                patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/mutated\",\"value\":\"yes\"}]"));
        patching.accept(good);
        patching.accept(wrongCa);
        patching.accept(wrongName);
        good.on("/slow", r -> patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/mutated\",\"value\":\"yes\"}]")
                .delayed(1_500));
        good.on("/broken", r -> FakeWebhook.Answer.httpStatus(500));
    }

    @AfterAll
    static void stopWebhooks() {
        good.close();
        wrongCa.close();
        wrongName.close();
    }

    @BeforeEach
    void startApi() {
        api = ApiEmulation.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private String arrange(Outage outage) throws IOException {
        String path = "/m";
        switch (outage) {
            case TIMEOUT -> {
                route(good.port());
                path = "/slow";
            }
            case CONNECTION_REFUSED -> route(closedPort());
            case UNKNOWN_CA -> route(wrongCa.port());
            case WRONG_HOSTNAME -> route(wrongName.port());
            case NO_ENDPOINTS -> {
            }
            case HTTP_500 -> {
                route(good.port());
                path = "/broken";
            }
        }
        return path;
    }

    private void route(int port) {
        api.routeService(Hooks.NAMESPACE, Hooks.SERVICE, 443, port);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void install(String path, String failurePolicy) {
        MutatingWebhook hook = Hooks.mutating("outage.test", ca.caBundle(), path);
        hook.setFailurePolicy(failurePolicy);
        hook.setTimeoutSeconds(1);
        api.client().resource(Hooks.mutatingConfig("outage", hook)).create();
    }

    private Pod create() {
        return api.client().pods().inNamespace("default").resource(SparkFixtures.driverPod(SparkFixtures.PYTHON_RICH))
                .create();
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void ignoreAdmitsTheObjectUnmutated(Outage outage) throws IOException {
        install(arrange(outage), "Ignore");

        Pod created = create();

        assertThat(created.getMetadata().getLabels()).doesNotContainKey("mutated");
        assertThat(api.stats().ignoredFailures("outage.test")).isEqualTo(1);
        assertThat(api.client().pods().inNamespace("default").list().getItems()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void failRefusesTheObjectWithAnInternalError(Outage outage) throws IOException {
        install(arrange(outage), "Fail");

        assertThatThrownBy(this::create).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(500);
            assertThat(e.getStatus().getReason()).isEqualTo("InternalError");
            assertThat(e.getStatus().getMessage())
                    .startsWith("Internal error occurred: failed calling webhook \"outage.test\": failed to call webhook")
                    .contains(outage.symptom);
        });
        assertThat(api.client().pods().inNamespace("default").list().getItems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Outage.class, names = {"UNKNOWN_CA", "WRONG_HOSTNAME"})
    void theSameWebhookWorksWhenItsCertificateIsRight(Outage outage) throws IOException {
        arrange(outage);
        route(good.port());
        install("/m", "Fail");

        assertThat(create().getMetadata().getLabels()).containsEntry("mutated", "yes");
    }
}
