package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.Submitter;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole operator against the CRUD mock with the real launcher-core submitter: the main path, end to end. */
class OperatorMockTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final MockCluster cluster = new MockCluster();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Operator operator;

    @AfterEach
    void tearDown() {
        if (operator != null) {
            operator.stop();
        }
        cluster.close();
    }

    private Operator start(AppValidator validator) {
        var submitter = new LauncherSubmitter(new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()),
                new Submitter(cluster.client));
        operator = new Operator(cluster.client, OperatorConfig.defaults("test").withWorkers(4), submitter, validator,
                registry, Clock.systemUTC(), new Random(1));
        operator.start();
        return operator;
    }

    @Test
    void sparkPiIsSubmittedFollowedAndReleased() {
        start(AppValidator.builtInRules());
        cluster.create("default", Apps.sparkPi("spark-pi"));
        SparkApplication submitted = cluster.await("default", "spark-pi", ApplicationStateType.SUBMITTED, WAIT);
        var status = submitted.getStatus();
        assertThat(status.getSubmissionID()).isEqualTo(SubmissionIds.forRun(submitted, 0));
        assertThat(status.getSubmissionAttempts()).isEqualTo(1);
        assertThat(status.getExecutionAttempts()).isEqualTo(1);
        assertThat(status.getLastSubmissionAttemptTime()).isNotBlank();
        assertThat(status.getSparkApplicationId()).startsWith("spark-");
        assertThat(status.getDriverInfo().webUIServiceName()).isEqualTo("spark-pi-ui-svc");
        assertThat(status.getDriverInfo().webUIPort()).isEqualTo(4040);
        Pod driver = cluster.drivers("default", "spark-pi").get(0);
        assertThat(status.getDriverInfo().podName()).isEqualTo(driver.getMetadata().getName());
        assertThat(driver.getMetadata().getLabels()).containsEntry(SparkLabels.SUBMISSION_ID, status.getSubmissionID())
                .containsEntry(SparkLabels.LAUNCHED_BY_OPERATOR, "true");
        assertThat(driver.getMetadata().getOwnerReferences()).anyMatch(r -> r.getKind().equals("SparkApplication")
                && r.getUid().equals(submitted.getMetadata().getUid()));

        cluster.phase("default", driver.getMetadata().getName(), "Running");
        cluster.await("default", "spark-pi", ApplicationStateType.RUNNING, WAIT);
        Pod executor = executor(driver, status.getSparkApplicationId(), status.getSubmissionID());
        cluster.phase("default", executor.getMetadata().getName(), "Running");
        cluster.await("default", "spark-pi", a -> a.getStatus().getExecutorState()
                .containsKey(executor.getMetadata().getName()), WAIT, "executor state");

        cluster.phase("default", driver.getMetadata().getName(), "Succeeded");
        SparkApplication done = cluster.await("default", "spark-pi", ApplicationStateType.COMPLETED, WAIT);
        assertThat(done.getStatus().getTerminationTime()).isNotBlank();
        // Released: executors and the UI Service are gone, the finished driver pod stays for its logs.
        assertThat(cluster.client.pods().inNamespace("default").withName(executor.getMetadata().getName()).get())
                .isNull();
        assertThat(cluster.client.services().inNamespace("default").withName("spark-pi-ui-svc").get()).isNull();
        assertThat(cluster.drivers("default", "spark-pi")).hasSize(1);
        assertThat(registry.get("sparkgate.operator.submissions").tag("outcome", "submitted").counter().count())
                .isEqualTo(1.0);
        assertThat(cluster.client.v1().events().inNamespace("default").list().getItems())
                .extracting(e -> e.getReason()).contains("SparkApplicationSubmitted", "SparkApplicationRunning",
                        "SparkApplicationCompleted");
    }

    @Test
    void anAppTheWebhookWouldRejectIsNotSubmitted() {
        start(AppValidator.builtInRules());
        cluster.create("default", Apps.sparkPi("bad").replace("memory: 512m\n    serviceAccount",
                "memory: lots\n    serviceAccount"));
        SparkApplication failed = cluster.await("default", "bad", ApplicationStateType.FAILED, WAIT);
        assertThat(failed.getStatus().getApplicationState().errorMessage()).contains("spec.driver.memory");
        assertThat(cluster.drivers("default", "bad")).isEmpty();
    }

    @Test
    void aFailedRunIsRetriedOnFailureThenFailsForGood() {
        start(AppValidator.builtInRules());
        cluster.create("default", Apps.sparkPi("flaky", "type: OnFailure\nonFailureRetries: 1\n"
                + "onFailureRetryInterval: 1"));
        SparkApplication first = cluster.await("default", "flaky", ApplicationStateType.SUBMITTED, WAIT);
        String firstDriver = first.getStatus().getDriverInfo().podName();
        cluster.phase("default", firstDriver, "Failed");
        SparkApplication second = cluster.await("default", "flaky", a -> a.getStatus().getExecutionAttempts() == 2
                && a.getStatus().state() == ApplicationStateType.SUBMITTED, WAIT, "a second run");
        assertThat(second.getStatus().getSubmissionID()).isNotEqualTo(first.getStatus().getSubmissionID());
        // The failed run's driver was removed before the rerun: the only driver is the second run's.
        assertThat(cluster.drivers("default", "flaky")).singleElement().satisfies(d -> assertThat(
                d.getMetadata().getLabels()).containsEntry(SparkLabels.SUBMISSION_ID,
                second.getStatus().getSubmissionID()));
        cluster.phase("default", second.getStatus().getDriverInfo().podName(), "Failed");
        SparkApplication failed = cluster.await("default", "flaky", ApplicationStateType.FAILED, WAIT);
        assertThat(failed.getStatus().getApplicationState().errorMessage()).contains("exited with code 1");
    }

    @Test
    void timeToLiveDeletesTheAppAfterItEnds() {
        start(AppValidator.builtInRules());
        cluster.create("default", Apps.sparkPi("short-lived").replace("spec:\n", "spec:\n  timeToLiveSeconds: 1\n"));
        SparkApplication app = cluster.await("default", "short-lived", ApplicationStateType.SUBMITTED, WAIT);
        cluster.phase("default", app.getStatus().getDriverInfo().podName(), "Succeeded");
        long end = System.nanoTime() + WAIT.toNanos();
        while (cluster.get("default", "short-lived") != null && System.nanoTime() < end) {
            MockCluster.sleep(50);
        }
        assertThat(cluster.get("default", "short-lived")).as("deleted by its TTL").isNull();
    }

    @Test
    void uiAndDriverPortsAreExposedAndReleased() {
        operator = new Operator(cluster.client, OperatorConfig.defaults("ui").withWorkers(2)
                .withUiIngressUrlFormat("{{$appName}}.spark.example.com"), new LauncherSubmitter(
                new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()), new Submitter(cluster.client)),
                AppValidator.builtInRules(), registry, Clock.systemUTC(), new Random(1));
        operator.start();
        cluster.create("default", Apps.sparkPi("web").replace("spec:\n", """
                spec:
                  sparkUIOptions: {servicePort: 80, serviceType: NodePort, serviceLabels: {team: a}}
                  driverIngressOptions:
                  - servicePort: 15002
                    ingressURLFormat: "{{$appName}}-connect.example.com/grpc"
                """));
        SparkApplication app = cluster.await("default", "web", ApplicationStateType.SUBMITTED, WAIT);
        var ui = cluster.client.services().inNamespace("default").withName("web-ui-svc").get();
        assertThat(ui.getSpec().getType()).isEqualTo("NodePort");
        assertThat(ui.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(ui.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(4040);
        assertThat(ui.getSpec().getSelector()).containsEntry(SparkLabels.SPARK_APP_SELECTOR,
                app.getStatus().getSparkApplicationId());
        assertThat(ui.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(app.getStatus().getDriverInfo().webUIPort()).isEqualTo(80);
        assertThat(app.getStatus().getDriverInfo().webUIIngressAddress()).isEqualTo("web.spark.example.com");
        assertThat(cluster.client.network().v1().ingresses().inNamespace("default").withName("web-ui-ingress").get()
                .getSpec().getRules().get(0).getHost()).isEqualTo("web.spark.example.com");
        var connect = cluster.client.network().v1().ingresses().inNamespace("default")
                .withName("web-driver-15002-ingress").get();
        assertThat(connect.getSpec().getRules().get(0).getHost()).isEqualTo("web-connect.example.com");
        assertThat(connect.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/grpc");
        assertThat(cluster.client.services().inNamespace("default").withName("web-driver-15002").get()).isNotNull();

        cluster.phase("default", app.getStatus().getDriverInfo().podName(), "Failed");
        cluster.await("default", "web", ApplicationStateType.FAILED, WAIT);
        assertThat(cluster.client.services().inNamespace("default").withName("web-ui-svc").get()).isNull();
        assertThat(cluster.client.services().inNamespace("default").withName("web-driver-15002").get()).isNull();
        assertThat(cluster.client.network().v1().ingresses().inNamespace("default").list().getItems()).isEmpty();
    }

    private Pod executor(Pod driver, String appId, String submissionId) {
        Pod executor = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName(driver.getMetadata().getName().replace("-driver", "-exec-1")).withNamespace("default")
                .addToLabels(SparkLabels.SPARK_ROLE, "executor").addToLabels(SparkLabels.SPARK_APP_SELECTOR, appId)
                .addToLabels(SparkLabels.APP_NAME, "spark-pi").addToLabels(SparkLabels.SUBMISSION_ID, submissionId)
                .addToLabels(SparkLabels.LAUNCHED_BY_OPERATOR, "true").endMetadata()
                .withNewSpec().addNewContainer().withName("spark-kubernetes-executor").withImage("spark:4.1.1")
                .endContainer().endSpec().build();
        return cluster.client.pods().inNamespace("default").resource(executor).create();
    }
}
