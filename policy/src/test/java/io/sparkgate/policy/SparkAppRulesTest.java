package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every built-in rule of SparkApplication and ScheduledSparkApplication admission, with its exact message. */
class SparkAppRulesTest {
    private final PolicyEngine engine = new PolicyEngine(PolicyIndex::empty,
            new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)));

    private AdmissionDecision create(String yaml) {
        try {
            return engine.validateSparkApplication(AdmissionInput.create("team-a",
                    io.sparkgate.api.Json.yaml().readTree(yaml)), ClusterView.empty());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String app(String name, String spec) {
        return "metadata: {name: " + name + "}\nspec:\n  type: Scala\n  image: example.com/spark:4.1.1\n"
                + "  sparkVersion: 4.1.1\n" + spec;
    }

    private static String message(AdmissionDecision d) {
        assertThat(d).isInstanceOf(AdmissionDecision.Denied.class);
        AdmissionDecision.Denied denied = (AdmissionDecision.Denied) d;
        assertThat(denied.code()).isEqualTo(422);
        return denied.message();
    }

    @Test
    void admitsTheExamples() {
        for (String file : new String[] {"spark-pi.yaml", "etl-daily.yaml"}) {
            SparkApplication app = Support.app(file, "team-a");
            assertThat(engine.validateSparkApplication(AdmissionInput.create("team-a", app), ClusterView.empty())
                    .allowed()).as(file).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10Gi", "4Gi", "1536Mi", "2G", "2g", "1.5gb", "3221225472"})
    void admitsEveryMemoryLimitFormKubeflowAccepts(String limit) {
        assertThat(create(app("pi", "  driver: {memoryLimit: \"" + limit + "\"}\n  executor: {memoryLimit: \""
                + limit + "\"}\n")).allowed()).isTrue();
    }

    @Test
    void refusesAMemoryLimitKubeflowRefusesNamingTheFieldAndTheForms() {
        assertThat(message(create(app("pi", "  executor: {memoryLimit: 4 gigs}\n"))))
                .isEqualTo("spec.executor.memoryLimit: \"4 gigs\" is not a memory limit; use "
                        + io.sparkgate.api.spark.MemoryLimit.ACCEPTED_FORMS);
        assertThat(message(create(app("pi", "  driver: {memoryLimit: 10GiB}\n"))))
                .startsWith("spec.driver.memoryLimit: \"10GiB\" is not a memory limit; use a number with a Java unit");
    }

    @Test
    void refusesPrometheusWithoutTheExporterJarAsKubeflowsCrdDoes() {
        assertThat(message(create(app("pi", "  monitoring:\n    exposeDriverMetrics: true\n    prometheus: {port: 8090}\n"))))
                .isEqualTo("spec.monitoring.prometheus.jmxExporterJar: required when spec.monitoring.prometheus is "
                        + "set: the path of the Prometheus JMX exporter Java agent jar inside the image, e.g. "
                        + "/prometheus/jmx_prometheus_javaagent.jar");
        assertThat(message(create(app("pi", "  monitoring:\n    prometheus: {jmxExporterJar: \" \"}\n"))))
                .startsWith("spec.monitoring.prometheus.jmxExporterJar: required");
        assertThat(create(app("pi", "  monitoring:\n    exposeDriverMetrics: true\n    prometheus: "
                + "{jmxExporterJar: /prometheus/jmx_prometheus_javaagent-0.11.0.jar, port: 8090}\n")).allowed())
                .isTrue();
        assertThat(create(app("pi", "  monitoring: {exposeDriverMetrics: true}\n")).allowed()).isTrue();
    }

    @ParameterizedTest(name = "port {0}")
    @CsvSource({"1023", "49152", "0"})
    void refusesAnExporterPortOutsideKubeflowsRange(int port) {
        assertThat(message(create(app("pi", "  monitoring:\n    prometheus: {jmxExporterJar: /p/agent.jar, port: "
                + port + "}\n")))).isEqualTo("spec.monitoring.prometheus.port: " + port + " is out of range; use a "
                + "port from 1024 to 49151 (default 8090)");
    }

    @Test
    void refusesAMemoryLimitBelowSparksRequestWhichTheApiServerWouldRefuse() {
        // default 1g heap + 384m overhead = 1408Mi; a bare number is bytes, as in kubeflow
        assertThat(message(create(app("pi", "  driver: {memoryLimit: \"4096\"}\n"))))
                .isEqualTo("spec.driver.memoryLimit: \"4096\" (4096) is below the pod's memory request 1408Mi (heap + "
                        + "overhead), which the API server refuses; use " + io.sparkgate.api.spark.MemoryLimit.ACCEPTED_FORMS);
        assertThat(message(create(app("pi", "  executor: {memory: 4g, memoryLimit: 4Gi}\n"))))
                .startsWith("spec.executor.memoryLimit: \"4Gi\" (4Gi) is below the pod's memory request 4505Mi");
        assertThat(create(app("pi", "  executor: {memory: 4g, memoryLimit: 4505Mi}\n")).allowed()).isTrue();
    }

    @Test
    void nameMustBeADns1035LabelOfAtMost63Characters() {
        assertThat(message(create(app("Spark_Pi", "")))).isEqualTo("metadata.name: \"Spark_Pi\" must be a DNS-1035 "
                + "label: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit");
        assertThat(message(create(app("1pi", "")))).startsWith("metadata.name: \"1pi\" must be a DNS-1035 label");
        String long64 = "a".repeat(64);
        assertThat(message(create(app(long64, "")))).isEqualTo("metadata.name: \"" + long64
                + "\" is 64 characters; at most 63 are allowed");
        assertThat(create(app("a".repeat(63), "")).allowed()).isTrue();
    }

    @Test
    void nodeSelectorAtAppAndRoleLevelIsRefused() {
        assertThat(message(create(app("pi", "  nodeSelector: {pool: a}\n  executor: {nodeSelector: {pool: b}}\n"))))
                .isEqualTo("spec.nodeSelector and spec.executor.nodeSelector are both set: set the node selector for "
                        + "the app or for each role, not both");
    }

    @Test
    void podTemplateNeedsSpark3() {
        String template = "  driver:\n    template: {metadata: {labels: {a: b}}}\n";
        assertThat(message(create("metadata: {name: pi}\nspec:\n  type: Scala\n  sparkVersion: 2.4.8\n" + template)))
                .isEqualTo("spec.driver.template needs spec.sparkVersion 3.0.0 or later (Spark reads pod templates "
                        + "since 3.0.0); was 2.4.8");
        assertThat(message(create("metadata: {name: pi}\nspec:\n  type: Scala\n" + template)))
                .isEqualTo("spec.driver.template needs spec.sparkVersion 3.0.0 or later (Spark reads pod templates "
                        + "since 3.0.0); sparkVersion is not set");
        assertThat(create(app("pi", template)).allowed()).isTrue();
    }

    @Test
    void driverIngressServicePortsMustBeUnique() {
        assertThat(message(create(app("pi", "  driverIngressOptions:\n    - {servicePort: 4041}\n"
                + "    - {servicePort: 4041}\n")))).isEqualTo("spec.driverIngressOptions[1].servicePort: 4041 is "
                + "already used by spec.driverIngressOptions[0]; service ports must be unique");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spark.kubernetes.authenticate.driver.serviceAccountName|service accounts and API credentials",
        "spark.kubernetes.authenticate.submission.oauthToken|service accounts and API credentials",
        "spark.kubernetes.authenticate.driver.oauthTokenFile|service accounts and API credentials",
        "spark.master|the operator sets the Kubernetes master",
        "spark.kubernetes.driver.master|the operator sets the Kubernetes master",
        "spark.kubernetes.container.image|images are set by spec.image",
        "spark.kubernetes.driver.container.image|images are set by spec.image",
        "spark.kubernetes.executor.container.image|images are set by spec.image",
        "spark.kubernetes.container.image.pullSecrets|images are set by spec.image",
        "spark.kubernetes.executor.podTemplateFile|pod templates are set by spec.driver.template",
        "spark.kubernetes.namespace|the app runs in its own namespace team-a, not \"kube-system\"",
    })
    void builtInSparkConfDenyList(String key, String reason) {
        String spec = "  sparkConf:\n    \"" + key + "\": \"kube-system\"\n";
        assertThat(message(create(app("pi", spec)))).startsWith("spec.sparkConf[\"" + key + "\"]: not allowed: "
                + reason);
    }

    @Test
    void theAppsOwnNamespaceInSparkConfIsFine() {
        assertThat(create(app("pi", "  sparkConf: {spark.kubernetes.namespace: team-a}\n")).allowed()).isTrue();
    }

    @Test
    void unparsableQuantitiesAreAClearDenialNamingTheField() {
        assertThat(message(create(app("pi", "  executor: {memory: 2 gigs}\n")))).isEqualTo("spec.executor.memory: "
                + "\"2 gigs\" is not a Spark memory size (a whole number with an optional unit k, m, g, t or p, e.g. 512m "
                + "or 2g)");
        assertThat(message(create(app("pi", "  driver: {coreRequest: lots}\n"))))
                .isEqualTo("spec.driver.coreRequest: \"lots\" is not a CPU amount (e.g. 2, 0.5 or 500m)");
        assertThat(message(create(app("pi", "  sparkConf: {spark.executor.memoryOverhead: 1x}\n"))))
                .isEqualTo("spec.sparkConf: spark.executor.memoryOverhead: \"1x\" has an unknown unit \"x\" "
                        + "(use k, m, g, t or p)");
        assertThat(message(create(app("pi", "  driver: {cores: many}\n")))).startsWith("spec.driver.cores: ");
    }

    @Test
    void updateWithUnchangedSpecIsNotRevalidatedAndDeleteIsAllowed() {
        SparkApplication bad = Support.appYaml(app("Bad_Name", ""));
        SparkApplication relabelled = Support.appYaml(app("Bad_Name", ""));
        relabelled.getMetadata().setLabels(java.util.Map.of("x", "y"));
        assertThat(engine.validateSparkApplication(AdmissionInput.update("team-a", bad, relabelled),
                ClusterView.empty()).allowed()).isTrue();
        SparkApplication changed = Support.appYaml(app("Bad_Name", "  executor: {instances: 3}\n"));
        assertThat(engine.validateSparkApplication(AdmissionInput.update("team-a", bad, changed),
                ClusterView.empty()).allowed()).isFalse();
        assertThat(engine.validateSparkApplication(AdmissionInput.delete("team-a", bad), ClusterView.empty())
                .allowed()).isTrue();
    }

    @Test
    void scheduledAppsCheckScheduleZoneAndTemplate() {
        String good = "metadata: {name: nightly}\nspec:\n  schedule: \"0 2 * * *\"\n  template:\n    type: Scala\n"
                + "    image: example.com/spark:4.1.1\n";
        assertThat(scheduled(good).allowed()).isTrue();
        assertThat(scheduled(good.replace("0 2 * * *", "@every 1h30m")).allowed()).isTrue();
        assertThat(scheduled(good.replace("0 2 * * *", "CRON_TZ=Europe/Paris @daily")).allowed()).isTrue();
        assertThat(message(scheduled(good.replace("0 2 * * *", "0 25 * * *"))))
                .startsWith("spec.schedule: \"0 25 * * *\" is not a cron schedule (five fields, e.g. \"0 2 * * *\", "
                        + "or @daily, @every 1h)");
        assertThat(message(scheduled(good.replace("0 2 * * *", "@every soon"))))
                .isEqualTo("spec.schedule: \"soon\" is not a duration (e.g. 30m, 1h30m)");
        assertThat(message(scheduled(good + "  timeZone: Mars/Olympus\n")))
                .isEqualTo("spec.timeZone: \"Mars/Olympus\" is not a known time zone (e.g. Europe/Paris, UTC)");
        assertThat(message(scheduled(good + "    sparkConf: {spark.master: local}\n")))
                .isEqualTo("spec.template.sparkConf[\"spark.master\"]: not allowed: the operator sets the "
                        + "Kubernetes master");
        assertThat(message(scheduled(good + "    executor: {memory: 1.5g}\n")))
                .startsWith("spec.template.executor.memory: \"1.5g\" is not a Spark memory size");
    }

    private AdmissionDecision scheduled(String yaml) {
        return engine.validateScheduledSparkApplication(AdmissionInput.create("team-a",
                io.sparkgate.api.Json.read(yaml, io.sparkgate.api.v1beta2.ScheduledSparkApplication.class)),
                ClusterView.empty());
    }
}
