package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.rules.SparkConfSources;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The conf side doors of issue 18: Spark loads every {@code spark.*} JVM system property into its conf, so the
 * keys the built-in and admin deny lists refuse in {@code sparkConf} are refused as {@code -D} options in
 * javaOptions, extraJavaOptions and the JVM option variables of the environment too. Each attack has a control
 * that must pass.
 */
class ConfSideDoorsTest {
    private static final String NS = "team-a-etl";

    private static AdmissionDecision validate(PolicyIndex index, String spec) {
        JsonNode app = Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: "
                + "pi, namespace: " + NS + "}\nspec:\n  type: Scala\n  image: example.com/spark:4.1.1\n"
                + "  sparkVersion: 4.1.1\n" + spec.strip().replaceAll("(?m)^\\s*", "  ") + "\n", JsonNode.class);
        ClusterView view = ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a")).build();
        return new PolicyEngine(() -> index, new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)))
                .validateSparkApplication(AdmissionInput.create(NS, app), view);
    }

    private static String denial(AdmissionDecision d) {
        assertThat(d).isInstanceOf(AdmissionDecision.Denied.class);
        return ((AdmissionDecision.Denied) d).message();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "driver javaOptions|  driver: {javaOptions: \"-Xmx1g -Dspark.kubernetes.executor.container.image=evil:1\"}"
                + "|spec.driver.javaOptions (-Dspark.kubernetes.executor.container.image): not allowed: images",
        "quoted extraJavaOptions|  sparkConf: {spark.executor.extraJavaOptions: \"-XX:+UseG1GC "
                + "'-Dspark.kubernetes.authenticate.driver.oauthToken=t'\"}|spec.sparkConf[\"spark.executor"
                + ".extraJavaOptions\"] (-Dspark.kubernetes.authenticate.driver.oauthToken): not allowed: service",
        "JAVA_TOOL_OPTIONS in env|  executor: {env: [{name: JAVA_TOOL_OPTIONS, value: \"-Dspark.master=local\"}]}"
                + "|spec.executor.env[0] (JAVA_TOOL_OPTIONS) (-Dspark.master): not allowed: the operator sets",
        "SPARK_SUBMIT_OPTS in envVars|  driver: {envVars: {SPARK_SUBMIT_OPTS: \"-Dspark.kubernetes.driver"
                + ".podTemplateFile=/x\"}}|spec.driver.envVars[\"SPARK_SUBMIT_OPTS\"] (-Dspark.kubernetes.driver"
                + ".podTemplateFile): not allowed: pod templates",
        "_JAVA_OPTIONS through driverEnv|  sparkConf: {spark.kubernetes.driverEnv._JAVA_OPTIONS: "
                + "\"-Dspark.kubernetes.namespace=kube-system\"}|spec.sparkConf[\"spark.kubernetes.driverEnv"
                + "._JAVA_OPTIONS\"] (-Dspark.kubernetes.namespace): not allowed: the app runs in its own namespace",
        "JVM options from a Secret|  driver: {env: [{name: JDK_JAVA_OPTIONS, valueFrom: {secretKeyRef: {name: s, "
                + "key: k}}}]}|spec.driver.env[0] (JDK_JAVA_OPTIONS): not allowed: JDK_JAVA_OPTIONS must be a "
                + "literal value",
        "JVM options from envSecretKeyRefs|  executor: {envSecretKeyRefs: {JAVA_TOOL_OPTIONS: {name: s, key: k}}}"
                + "|spec.executor.envSecretKeyRefs[\"JAVA_TOOL_OPTIONS\"]: not allowed: JAVA_TOOL_OPTIONS must be",
        "JAVA_TOOL_OPTIONS in the template's Spark container|  driver: {template: {spec: {containers: [{name: "
                + "spark-kubernetes-driver, env: [{name: JAVA_TOOL_OPTIONS, value: \"-Dspark.kubernetes.executor"
                + ".podTemplateFile=/x\"}]}]}}}|spec.driver.template.spec.containers[0].env[0] (JAVA_TOOL_OPTIONS) "
                + "(-Dspark.kubernetes.executor.podTemplateFile): not allowed: pod templates",
        "template env from a Secret|  executor: {template: {spec: {containers: [{name: c, env: [{name: "
                + "SPARK_JAVA_OPT_0, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]}}}|spec.executor.template.spec"
                + ".containers[0].env[0] (SPARK_JAVA_OPT_0): not allowed: SPARK_JAVA_OPT_0 must be a literal value",
        "SPARK_JAVA_OPT_ on executors|  executor: {env: [{name: SPARK_JAVA_OPT_99, value: \"-Dspark.master=x\"}]}"
                + "|spec.executor.env[0] (SPARK_JAVA_OPT_99) (-Dspark.master): not allowed",
        "feature steps|  sparkConf: {spark.kubernetes.driver.pod.featureSteps: com.evil.Step}|spec.sparkConf["
                + "\"spark.kubernetes.driver.pod.featureSteps\"]: not allowed: feature steps run arbitrary classes",
        "SPARK_CONF_DIR over sparkConfigMap|  sparkConfigMap: my-conf\\n driver: {envVars: {SPARK_CONF_DIR: /tmp}}"
                + "|spec.driver.envVars[\"SPARK_CONF_DIR\"]: not allowed: spec.sparkConfigMap mounts the Spark conf",
        "HADOOP_CONF_DIR over hadoopConfigMap|  hadoopConfigMap: hc\\n sparkConf: {spark.executorEnv.HADOOP_CONF_DIR:"
                + " /tmp}|spec.sparkConf[\"spark.executorEnv.HADOOP_CONF_DIR\"]: not allowed: spec.hadoopConfigMap",
    })
    void builtInRulesSeeEverySideDoor(String attack, String spec, String message) {
        assertThat(denial(validate(PolicyIndex.empty(), spec.replace("\\n", "\n")))).as(attack).startsWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ordinary JVM options|  driver: {javaOptions: \"-Xmx1g -XX:+UseG1GC -Dlog4j2.configurationFile=/opt/l.xml "
                + "-Dspark.ui.port=4041\"}",
        "JAVA_TOOL_OPTIONS without spark keys|  executor: {env: [{name: JAVA_TOOL_OPTIONS, value: \"-Xss4m\"}]}",
        "SPARK_CONF_DIR without a sparkConfigMap|  driver: {envVars: {SPARK_CONF_DIR: /opt/conf}}",
        "the app's own namespace|  driver: {javaOptions: \"-Dspark.kubernetes.namespace=team-a-etl\"}",
        "a Secret for an ordinary variable|  driver: {envSecretKeyRefs: {DB_PASSWORD: {name: s, key: k}}}",
        "ordinary env in the template|  driver: {template: {spec: {containers: [{name: c, env: [{name: "
                + "JAVA_TOOL_OPTIONS, value: \"-Xss4m\"}, {name: TZ, valueFrom: {configMapKeyRef: {name: m, "
                + "key: tz}}}]}]}}}",
    })
    void controlsPass(String control, String spec) {
        assertThat(validate(PolicyIndex.empty(), spec).allowed()).as(control).isTrue();
    }

    @Test
    void adminDenyListsSeeTheSideDoorsToo() {
        SparkPolicy policy = Json.read("metadata: {name: team-a}\nspec:\n  namespaceSelector: {matchLabels: "
                + "{tenant: team-a}}\n  rules: {deniedSparkConf: [\"spark.eventLog.*\"]}\n", SparkPolicy.class);
        PolicyIndex index = TenantQuotaTest.index(policy);
        assertThat(denial(validate(index, "  executor: {javaOptions: \"-Dspark.eventLog.dir=s3a://x\"}\n")))
                .isEqualTo("spec.executor.javaOptions (-Dspark.eventLog.dir): denied by SparkPolicy team-a "
                        + "(spark.eventLog.*)");
        assertThat(denial(validate(index, "  sparkConf: {spark.kubernetes.driverEnv.JAVA_TOOL_OPTIONS: "
                + "\"-Dspark.eventLog.enabled=true\"}\n"))).contains("(-Dspark.eventLog.enabled): denied by "
                + "SparkPolicy team-a");
        assertThat(validate(index, "  executor: {javaOptions: \"-Dspark.ui.port=4041\"}\n").allowed()).isTrue();
    }

    @Test
    void anUpdateThatAddsASideDoorIsRefusedAsACreateIs() {
        JsonNode before = Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: "
                + "{name: pi, namespace: " + NS + "}\nspec:\n  type: Scala\n  image: example.com/spark:4.1.1\n"
                + "  sparkVersion: 4.1.1\n  driver: {javaOptions: \"-Xmx1g\"}\n", JsonNode.class);
        JsonNode after = before.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) after.path("spec").path("driver")).put("javaOptions",
                "-Xmx1g -Dspark.kubernetes.executor.container.image=evil:1");
        ClusterView view = ClusterSnapshot.builder().namespace(NS, Map.of("tenant", "team-a")).build();
        AdmissionDecision d = new PolicyEngine(PolicyIndex::empty, new ReservationLedger(Clock.systemUTC(),
                Duration.ofSeconds(60))).validateSparkApplication(AdmissionInput.update(NS, before, after), view);
        assertThat(denial(d)).startsWith("spec.driver.javaOptions (-Dspark.kubernetes.executor.container.image): "
                + "not allowed");
    }

    @Test
    void optionStringsSplitAsSparkSplitsThem() {
        assertThat(SparkConfSources.split(" -Da=1   \"-Db=two words\" '-Dc=\"q\"' -Dd=e\\ f ")).containsExactly(
                "-Da=1", "-Db=two words", "-Dc=\"q\"", "-Dd=e f");
        assertThat(SparkConfSources.split("")).isEqualTo(List.of());
    }
}
