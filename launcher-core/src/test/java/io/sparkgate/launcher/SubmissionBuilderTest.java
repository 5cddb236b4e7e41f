package io.sparkgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.spark.RoleDemand;
import io.sparkgate.api.spark.SparkConfMapping;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.launcher.spark.RunIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SparkApplication → Spark's objects: kubeflow's conf, operator labels, idempotent names, version rules, errors. */
class SubmissionBuilderTest {
    static final String SID = "3b1f0c8e-5a8e-4a57-9c55-1a2b3c4d5e6f";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T19:03:07Z"), ZoneOffset.UTC);
    final SubmissionBuilder builder = new SubmissionBuilder(LauncherSettings.inCluster(), CLOCK);

    static String yaml(String name) {
        try (InputStream in = SubmissionBuilderTest.class.getResourceAsStream("/apps/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SparkApplication app(String yaml) {
        return Json.read(yaml, SparkApplication.class);
    }

    SubmissionObjects build(String yaml) {
        return builder.build(app(yaml), SID, RunIds.appIdFor(SID));
    }

    @Test
    void driverCarriesOperatorLabelsKubeflowNameAndSparkShape() {
        SubmissionObjects o = build(yaml("spark-pi.yaml"));
        assertThat(o.driverPodName()).isEqualTo("spark-pi-driver");
        assertThat(o.appId()).isEqualTo("spark-3b1f0c8e5a8e4a579c551a2b3c4d5e6f");
        assertThat(o.driverPod().getMetadata().getLabels()).containsEntry(SparkLabels.APP_NAME, "spark-pi")
                .containsEntry(SparkLabels.LAUNCHED_BY_OPERATOR, "true").containsEntry(SparkLabels.SUBMISSION_ID, SID)
                .containsEntry("spark-role", "driver").containsEntry("spark-version", "4.1.1")
                .containsEntry("spark-app-selector", o.appId()).containsEntry("version", "4.1.1");
        for (var owned : o.ownedResources()) {
            assertThat(owned.getMetadata().getLabels()).containsEntry(SparkLabels.SUBMISSION_ID, SID)
                    .containsEntry(SparkLabels.APP_NAME, "spark-pi");
            assertThat(owned.getMetadata().getNamespace()).isEqualTo("default");
        }
        assertThat(o.driverPod().getMetadata().getOwnerReferences()).isEmpty();
        assertThat(o.sparkProperties())
                .containsEntry("spark.kubernetes.executor.label." + SparkLabels.SUBMISSION_ID, SID)
                .containsEntry("spark.kubernetes.executor.label." + SparkLabels.APP_NAME, "spark-pi")
                .containsEntry("spark.kubernetes.executor.label." + SparkLabels.LAUNCHED_BY_OPERATOR, "true")
                .containsEntry("spark.driver.host", o.serviceName() + ".default.svc")
                .containsEntry("spark.kubernetes.driver.pod.name", "spark-pi-driver")
                .containsEntry("spark.hadoop.fs.s3a.endpoint", "s3.example.com")
                .containsEntry("spark.jars", "local:///opt/spark/jars/extra.jar,"
                        + "local:///opt/spark/examples/jars/spark-examples.jar")
                .containsEntry("spark.app.submitTime", Long.toString(CLOCK.millis()))
                .containsEntry("spark.master", LauncherSettings.IN_CLUSTER_MASTER);
        Container c = o.driverPod().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).containsExactly("driver", "--properties-file", "/opt/spark/conf/spark.properties",
                "--class", "org.apache.spark.examples.SparkPi",
                "local:///opt/spark/examples/jars/spark-examples.jar", "1000");
        Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("GOOGLE_APPLICATION_CREDENTIALS", "/mnt/gcp/key.json")
                .containsEntry("SPARK_USER", "spark");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("896Mi");
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("1200m");
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .contains("spark-ui:4045", "spark-connect:15002");
        assertThat(o.driverPod().getSpec().getVolumes()).extracting(Volume::getName)
                .containsExactly("gcp-volume", "cache", "spark-local-dir-1", "spark-conf-volume-driver");
        assertThat(o.driverPod().getSpec().getServiceAccountName()).isEqualTo("spark");
    }

    @Test
    void depsOfEveryKindKeepTheirOrderAndThePrimaryJarComesLastAsInSparkSubmit() {
        SubmissionObjects o = build("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: deps, namespace: default}
                spec:
                  type: Java
                  sparkVersion: 4.1.1
                  image: apache/spark:4.1.1
                  mainClass: org.example.Main
                  mainApplicationFile: local:///opt/app/main.jar
                  deps:
                    jars: [local:///opt/app/b.jar, "s3a://bucket/a.jar"]
                    files: ["https://example.com/z.conf", local:///opt/app/a.conf]
                    pyFiles: [local:///opt/app/z.zip, local:///opt/app/a.zip]
                    archives: ["s3a://bucket/env.tar.gz#env", local:///opt/app/a.zip]
                    packages: [org.z:z:1.0, org.a:a:2.0]
                    excludePackages: [org.z:dep, org.a:dep]
                    repositories: ["https://repo.example.com/z", "https://repo.example.com/a"]
                """);
        // SparkSubmit: jars = spark.jars ++ Seq(primaryResource); the other lists are joined as given.
        assertThat(o.sparkProperties())
                .containsEntry("spark.jars", "local:///opt/app/b.jar,s3a://bucket/a.jar,local:///opt/app/main.jar")
                .containsEntry("spark.files", "https://example.com/z.conf,local:///opt/app/a.conf")
                .containsEntry("spark.submit.pyFiles", "local:///opt/app/z.zip,local:///opt/app/a.zip")
                .containsEntry("spark.archives", "s3a://bucket/env.tar.gz#env,local:///opt/app/a.zip")
                .containsEntry("spark.jars.packages", "org.z:z:1.0,org.a:a:2.0")
                .containsEntry("spark.jars.excludes", "org.z:dep,org.a:dep")
                .containsEntry("spark.jars.repositories", "https://repo.example.com/z,https://repo.example.com/a");
    }

    @Test
    void appLabelsReachDriverAndExecutorPodsWithRoleLabelsWinning() {
        SubmissionObjects o = build("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata:
                  name: labelled
                  namespace: default
                  labels: {team: data, app.kubernetes.io/part-of: etl, tier: batch}
                spec:
                  type: Scala
                  sparkVersion: 4.1.1
                  image: apache/spark:4.1.1
                  mainClass: org.example.Main
                  mainApplicationFile: local:///opt/app/main.jar
                  driver: {labels: {tier: driver-tier}}
                  executor: {labels: {tier: executor-tier}}
                """);
        assertThat(o.driverPod().getMetadata().getLabels()).containsEntry("team", "data")
                .containsEntry("app.kubernetes.io/part-of", "etl").containsEntry("tier", "driver-tier")
                .containsEntry(SparkLabels.APP_NAME, "labelled").containsEntry("spark-role", "driver");
        // Spark's scheduler labels executor pods from these keys.
        assertThat(o.sparkProperties()).containsEntry("spark.kubernetes.executor.label.team", "data")
                .containsEntry("spark.kubernetes.executor.label.app.kubernetes.io/part-of", "etl")
                .containsEntry("spark.kubernetes.executor.label.tier", "executor-tier")
                .containsEntry("spark.kubernetes.driver.label.tier", "driver-tier");
    }

    private static String prometheusApp(String monitoring) {
        return """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: spark-pi, namespace: default}
                spec:
                  type: Scala
                  sparkVersion: 4.1.1
                  image: apache/spark:4.1.1
                  mainClass: org.apache.spark.examples.SparkPi
                  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
                  driver: {javaOptions: "-Dlog4j.debug=true"}
                """ + monitoring;
    }

    @Test
    void prometheusMonitoringAddsTheAgentTheMetricsConfAndItsConfigMapAsKubeflowDoes() {
        // kubeflow's examples/spark-pi-prometheus.yaml
        SubmissionObjects o = build(prometheusApp("""
                  monitoring:
                    exposeDriverMetrics: true
                    exposeExecutorMetrics: true
                    prometheus: {jmxExporterJar: /prometheus/jmx_prometheus_javaagent-0.11.0.jar, port: 8090}
                """));
        String agent = "-javaagent:/prometheus/jmx_prometheus_javaagent-0.11.0.jar=8090:/etc/metrics/conf/prometheus.yaml";
        assertThat(o.sparkProperties())
                .containsEntry("spark.driver.extraJavaOptions", "-Dlog4j.debug=true " + agent)
                .containsEntry("spark.executor.extraJavaOptions", agent)
                .containsEntry("spark.metrics.conf", "/etc/metrics/conf/metrics.properties")
                .containsEntry("spark.metrics.namespace", "default.spark-pi")
                .containsEntry("spark.kubernetes.executor.annotation.prometheus.io/port", "8090");
        assertThat(o.driverPod().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8090").containsEntry("prometheus.io/path", "/metrics");
        var cm = o.metricsConfigMap();
        assertThat(cm.getMetadata().getName()).isEqualTo("spark-pi-prom-conf");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(cm.getMetadata().getLabels()).containsEntry(SparkLabels.SUBMISSION_ID, SID);
        assertThat(cm.getData()).containsOnlyKeys("metrics.properties", "prometheus.yaml");
        assertThat(cm.getData().get("metrics.properties")).contains("org.apache.spark.metrics.sink.JmxSink");
        assertThat(o.ownedResources()).contains(cm);
    }

    @Test
    void prometheusFilesInTheImageNeedNoConfigMapAndOnlyExposedRolesGetTheAgent() {
        SubmissionObjects inImage = build(prometheusApp("""
                  monitoring:
                    exposeDriverMetrics: true
                    metricsPropertiesFile: /opt/spark/conf/metrics.properties
                    prometheus: {jmxExporterJar: /j.jar, port: 9100, configFile: /opt/spark/conf/jmx.yaml}
                """));
        assertThat(inImage.metricsConfigMap()).isNull();
        assertThat(inImage.sparkProperties())
                .containsEntry("spark.driver.extraJavaOptions", "-Dlog4j.debug=true -javaagent:/j.jar=9100:/opt/spark/conf/jmx.yaml")
                .containsEntry("spark.metrics.conf", "/opt/spark/conf/metrics.properties")
                .doesNotContainKey("spark.executor.extraJavaOptions");
        SubmissionObjects custom = build(prometheusApp("""
                  monitoring:
                    exposeDriverMetrics: true
                    metricsPropertiesFile: /opt/spark/conf/metrics.properties
                    prometheus: {jmxExporterJar: /j.jar, configuration: "rules: []"}
                """));
        assertThat(custom.metricsConfigMap().getData()).containsExactly(Map.entry("prometheus.yaml", "rules: []"));
        assertThatThrownBy(() -> build(prometheusApp("""
                  monitoring: {exposeDriverMetrics: true, prometheus: {port: 8090}}
                """))).isInstanceOf(InvalidSparkApplication.class)
                .hasMessageContaining("spec.monitoring.prometheus.jmxExporterJar");
    }

    @Test
    void quotaDemandAgreesWithThePodSparkBuilds() {
        SparkApplication app = app(yaml("spark-pi.yaml"));
        SubmissionObjects o = builder.build(app, SID, RunIds.appIdFor(SID));
        RoleDemand demand = RoleDemand.of(SparkConfMapping.effectiveConf(app), SparkRole.DRIVER, true);
        var requests = o.driverPod().getSpec().getContainers().get(0).getResources().getRequests();
        assertThat(requests.get("memory").toString()).isEqualTo(demand.memoryMiB() + "Mi");
        assertThat(RoleDemand.cpuMillis(requests.get("cpu").toString(), "cpu")).isEqualTo(demand.cpuMillis());
    }

    @Test
    void sameSubmissionGivesSameNamesAndOtherSubmissionOthers() {
        SubmissionObjects a = build(yaml("spark-pi.yaml"));
        SubmissionObjects b = build(yaml("spark-pi.yaml"));
        SubmissionObjects other = builder.build(app(yaml("spark-pi.yaml")), "another", RunIds.appIdFor("another"));
        assertThat(b.configMapName()).isEqualTo(a.configMapName());
        assertThat(b.serviceName()).isEqualTo(a.serviceName());
        assertThat(b.configMap().getData()).isEqualTo(a.configMap().getData());
        assertThat(other.configMapName()).isNotEqualTo(a.configMapName());
        assertThat(other.appId()).matches("spark-[0-9a-f]{32}");
    }

    @Test
    void spark35HasNoConnectPortNoSubPathExpr() {
        String yaml = yaml("spark-pi.yaml").replace("sparkVersion: 4.1.1", "sparkVersion: 3.5.3");
        SubmissionObjects o = build(yaml);
        Container c = o.driverPod().getSpec().getContainers().get(0);
        assertThat(c.getPorts()).extracting(p -> p.getName()).doesNotContain("spark-connect");
        assertThat(o.service().getSpec().getPorts()).hasSize(3);
        assertThat(c.getVolumeMounts()).filteredOn(m -> m.getName().equals("cache"))
                .allSatisfy(m -> assertThat(m.getSubPathExpr()).isNull());
        assertThat(o.driverPod().getMetadata().getLabels()).containsEntry("spark-version", "3.5.3");
    }

    @Test
    void pythonAppRunsPythonRunnerWithNonJvmOverhead() {
        String yaml = yaml("spark-pi.yaml").replace("type: Scala", "type: Python")
                .replace("mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar",
                        "mainApplicationFile: local:///opt/app/job.py");
        SubmissionObjects o = build(yaml);
        Container c = o.driverPod().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).containsSubsequence("--class", "org.apache.spark.deploy.PythonRunner",
                "local:///opt/app/job.py", "1000");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("896Mi");
        assertThat(o.sparkProperties()).containsEntry("spark.kubernetes.resource.type", "python")
                .containsEntry("spark.kubernetes.memoryOverheadFactor", "0.4").doesNotContainKey("spark.jars.x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no main file|mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar|x: y"
                + "|spec.mainApplicationFile",
        "bad memory|memory: 512m|memory: 2 gigs|spec.driver.memory",
        "negative cores|cores: 1|cores: -1|spec.driver.cores",
        "bad core limit|coreLimit: 1200m|coreLimit: lots|spec.driver.coreLimit",
        "no version|sparkVersion: 4.1.1|sparkVersion: latest|spec.sparkVersion",
        "bad name|name: spark-pi|name: Spark_Pi|metadata.name",
        "local jar|local:///opt/spark/jars/extra.jar|/home/me/extra.jar|spec.deps.jars",
        "no class|mainClass: org.apache.spark.examples.SparkPi|mainClass: ''|spec.mainClass",
        "client mode|mode: cluster|mode: client|spec.mode",
        "bad conf|spark.ui.port: \"4045\"|spark.driver.host: me|spec.sparkConf[spark.driver.host]",
    })
    void badInputNamesTheField(String what, String from, String to, String field) {
        String yaml = yaml("spark-pi.yaml").replace(from, to);
        assertThat(yaml).isNotEqualTo(yaml("spark-pi.yaml"));
        assertThatThrownBy(() -> build(yaml)).isInstanceOf(InvalidSparkApplication.class)
                .satisfies(e -> assertThat(((InvalidSparkApplication) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void nameTooLongForAPodIsRefused() {
        String name = "a".repeat(250);
        String yaml = yaml("spark-pi.yaml").replace("name: spark-pi", "name: " + name);
        assertThatThrownBy(() -> build(yaml)).isInstanceOf(InvalidSparkApplication.class)
                .hasMessageContaining("metadata.name").hasMessageContaining("not a valid pod name");
    }

    @Test
    void unknownTypeIsRefusedWhenReadNamingTheValue() {
        String yaml = yaml("spark-pi.yaml").replace("type: Scala", "type: Go");
        assertThatThrownBy(() -> app(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Go");
        assertThatThrownBy(() -> build(yaml("spark-pi.yaml").replace("  type: Scala\n", "")))
                .isInstanceOf(InvalidSparkApplication.class).hasMessageStartingWith("spec.type: ");
    }

    @Test
    void executorTemplateTravelsInItsOwnConfigMap() {
        String yaml = yaml("spark-pi.yaml").replace("    instances: 3\n",
                "    instances: 3\n    template:\n      metadata:\n        labels:\n          tier: batch\n");
        SubmissionObjects o = build(yaml);
        assertThat(o.templateConfigMap()).isNotNull();
        assertThat(o.templateConfigMap().getData().get("pod-spec-template.yml")).contains("tier: batch");
        assertThat(o.sparkProperties()).containsEntry("spark.kubernetes.executor.podTemplateFile",
                "/opt/spark/pod-template/pod-spec-template.yml");
        assertThat(o.ownedResources()).hasSize(3);
    }

    // kubeflow's buildSparkSubmitArgs passes these four before sparkConf and everything else after it.
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "imagePullPolicy: Always, spark.kubernetes.container.image.pullPolicy, Never, Never",
        "imagePullSecrets: [a], spark.kubernetes.container.image.pullSecrets, b, b",
        "pythonVersion: '3', spark.kubernetes.pyspark.pythonVersion, 2, 2",
        "memoryOverheadFactor: '0.2', spark.kubernetes.memoryOverheadFactor, 0.3, 0.3",
        "'executor: {instances: 3}', spark.executor.instances, 9, 3",
        "'driver: {memory: 2g}', spark.driver.memory, 1g, 2g",
        "'deps: {jars: [local:///a.jar]}', spark.jars, local:///b.jar, 'local:///a.jar,local:///opt/spark/examples/jars/spark-examples.jar'",
        "'hadoopConf: {x: typed}', spark.hadoop.x, conf, typed",
        "'nodeSelector: {pool: typed}', spark.kubernetes.node.selector.pool, conf, typed",
    })
    void typedFieldAndSparkConfKeyResolveAsKubeflowsArgumentOrder(String field, String key, String inConf,
                                                                    String effective) {
        SubmissionObjects o = build("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                + "metadata: {name: pi, namespace: ns}\nspec:\n  type: Scala\n  sparkVersion: 4.1.1\n"
                + "  image: apache/spark:4.1.1\n  mainClass: Pi\n"
                + "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n"
                + "  sparkConf: {\"" + key + "\": \"" + inConf + "\"}\n  " + field + "\n");
        assertThat(o.sparkProperties()).containsEntry(key, effective);
    }

    @Test
    void aDisabledDynamicAllocationBlockLeavesSparkConfsSettingAsKubeflowDoes() {
        String base = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                + "metadata: {name: pi, namespace: ns}\nspec:\n  type: Scala\n  sparkVersion: 4.1.1\n"
                + "  image: apache/spark:4.1.1\n  mainClass: Pi\n"
                + "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n";
        assertThat(build(base + "  sparkConf: {spark.dynamicAllocation.enabled: \"true\"}\n"
                + "  dynamicAllocation: {enabled: false, maxExecutors: 5}\n").sparkProperties())
                .containsEntry("spark.dynamicAllocation.enabled", "true")
                .doesNotContainKey("spark.dynamicAllocation.maxExecutors");
        assertThat(build(base + "  dynamicAllocation: {enabled: false}\n").sparkProperties())
                .doesNotContainKey("spark.dynamicAllocation.enabled");
        assertThat(build(base + "  dynamicAllocation: {enabled: true, maxExecutors: 5}\n").sparkProperties())
                .containsEntry("spark.dynamicAllocation.enabled", "true")
                .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true")
                .containsEntry("spark.dynamicAllocation.maxExecutors", "5");
    }
}
