package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.MutableClock;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code rules.podSecurity}, {@code allowedServiceAccounts} and {@code allowProxyUser} through the validating
 * engine: on the app (every role, template, sidecar, init container, volume) and on the final Spark pod (CREATE,
 * UPDATE, ephemeral containers), with the examples and the real Spark 4.1.1 pods as controls.
 */
class PodSecurityAdmissionTest {
    private static final String NS = "team-a-etl";
    private static final Map<String, String> LABELS = Map.of("tenant", "team-a");
    /** The worked example of docs/admin-guide.md: the securityContext that makes an app keep restricted. */
    static JsonNode documentedRestrictedExample() throws IOException {
        String doc = Files.readString(Support.examples().getParent().resolve("docs/admin-guide.md"));
        int marker = doc.indexOf("<!-- restricted-example -->");
        assertThat(marker).as("the worked example's marker in docs/admin-guide.md").isPositive();
        int start = doc.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return Json.read(doc.substring(start, doc.indexOf("```", start)), JsonNode.class);
    }

    private final ReservationLedger ledger = new ReservationLedger(
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(60));
    private final ClusterView view = ClusterSnapshot.builder().namespace(NS, LABELS).build();

    private static SparkPolicy policy(String rules) {
        return Json.read("metadata: {name: team-a}\nspec:\n  namespaceSelector: {matchLabels: {tenant: team-a}}\n"
                + "  rules: " + rules + "\n", SparkPolicy.class);
    }

    private PolicyEngine engine(SparkPolicy policy) {
        PolicyIndex index = TenantQuotaTest.index(policy);
        return new PolicyEngine(() -> index, ledger);
    }

    private static JsonNode app(String spec) {
        return Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: pi, "
                + "namespace: " + NS + "}\nspec:\n  type: Scala\n  mode: cluster\n  image: spark:4.1.1\n"
                + "  mainClass: org.apache.spark.examples.SparkPi\n  sparkVersion: 4.1.1\n" + spec, JsonNode.class);
    }

    private AdmissionDecision validateApp(SparkPolicy policy, JsonNode app) {
        return engine(policy).validateSparkApplication(AdmissionInput.create(NS, app), view);
    }

    private static List<String> messages(AdmissionDecision d) {
        return d.violations().stream().map(PolicyViolation::message).toList();
    }

    /** The example app with the documented restricted securityContext on both roles. */
    static SparkApplication restrictedSparkPi() throws IOException {
        ObjectNode tree = Json.mapper().valueToTree(Support.app("spark-pi.yaml", NS));
        JsonNode example = documentedRestrictedExample().path("spec");
        for (String role : List.of("driver", "executor")) {
            assertThat(example.path(role).isObject()).as("the example sets spec.%s", role).isTrue();
            ((ObjectNode) tree.path("spec").path(role)).setAll((ObjectNode) example.path(role));
        }
        return Json.mapper().convertValue(tree, SparkApplication.class);
    }

    @Test
    void theExampleMessageNamesFieldLevelAndPolicy() {
        AdmissionDecision d = validateApp(policy("{podSecurity: {level: baseline}}"),
                app("  driver:\n    securityContext: {privileged: true}\n"));
        assertThat(d.allowed()).isFalse();
        assertThat(messages(d)).containsExactly("spec.driver.securityContext.privileged: privileged containers are not "
                + "allowed at Pod Security level \"baseline\" (SparkPolicy team-a)");
        assertThat(d.violations()).extracting(PolicyViolation::rule).containsOnly(PolicyViolation.RULE_POD_SECURITY);
        assertThat(validateApp(policy("{podSecurity: {level: baseline}}"),
                app("  driver:\n    securityContext: {privileged: false}\n")).allowed()).isTrue();
    }

    @Test
    void everyPartOfTheAppIsChecked() {
        AdmissionDecision d = validateApp(policy("{podSecurity: {level: baseline}}"), app("""
                  volumes:
                  - {name: root, hostPath: {path: /}}
                  driver:
                    hostNetwork: true
                    podSecurityContext: {sysctls: [{name: kernel.msgmax, value: "1"}]}
                    initContainers: [{name: i, image: spark:4.1.1, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]
                    annotations: {container.apparmor.security.beta.kubernetes.io/spark-kubernetes-driver: unconfined}
                    template:
                      spec:
                        hostPID: true
                        containers: [{name: spark-kubernetes-driver, securityContext: {procMount: Unmasked},
                          livenessProbe: {httpGet: {host: 169.254.169.254, port: 80}}}]
                        volumes: [{name: h, hostPath: {path: /var/run}}]
                  executor:
                    sidecars: [{name: s, image: spark:4.1.1, securityContext: {privileged: true}, ports: [{containerPort: 1, hostPort: 1}],
                      lifecycle: {preStop: {tcpSocket: {host: 10.0.0.1, port: 10250}}}}]
                    securityContext: {seLinuxOptions: {type: spc_t}}
                """));
        String at = " at Pod Security level \"baseline\" (SparkPolicy team-a)";
        assertThat(messages(d)).containsExactlyInAnyOrder(
                "spec.volumes[0].hostPath: hostPath volumes are not allowed (/)" + at,
                "spec.driver.hostNetwork: sharing the host's namespaces is not allowed" + at,
                "spec.driver.podSecurityContext.sysctls[0].name: \"kernel.msgmax\" is not a safe sysctl" + at,
                "spec.driver.initContainers[0].securityContext.capabilities.add: capability \"SYS_ADMIN\" is not "
                        + "allowed" + at,
                "spec.driver.annotations[\"container.apparmor.security.beta.kubernetes.io/spark-kubernetes-driver\"]: "
                        + "AppArmor profile \"unconfined\" is not allowed" + at,
                "spec.driver.template.spec.hostPID: sharing the host's namespaces is not allowed" + at,
                "spec.driver.template.spec.containers[0].securityContext.procMount: \"Unmasked\" is not allowed, only "
                        + "Default" + at,
                "spec.driver.template.spec.containers[0].livenessProbe.httpGet.host: probes and lifecycle hooks may "
                        + "not name a host (\"169.254.169.254\")" + at,
                "spec.driver.template.spec.volumes[0].hostPath: hostPath volumes are not allowed (/var/run)" + at,
                "spec.executor.sidecars[0].securityContext.privileged: privileged containers are not allowed" + at,
                "spec.executor.sidecars[0].ports[0].hostPort: host ports are not allowed (1)" + at,
                "spec.executor.sidecars[0].lifecycle.preStop.tcpSocket.host: probes and lifecycle hooks may not name "
                        + "a host (\"10.0.0.1\")" + at,
                "spec.executor.securityContext.seLinuxOptions.type: \"spc_t\" is not one of container_t, "
                        + "container_init_t, container_kvm_t, container_engine_t" + at);
    }

    @Test
    void volumesAndAppArmorAnnotationsSparkBuildsFromSparkConfAreCheckedToo() {
        JsonNode viaConf = app("""
                  sparkConf:
                    spark.kubernetes.driver.volumes.hostPath.scratch.mount.path: /scratch
                    spark.kubernetes.driver.volumes.hostPath.scratch.options.path: /
                    spark.kubernetes.executor.volumes.nfs.share.mount.path: /share
                    spark.kubernetes.executor.annotation.container.apparmor.security.beta.kubernetes.io/spark-kubernetes-executor: unconfined
                    spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.path: /data
                """);
        assertThat(messages(validateApp(policy("{podSecurity: {level: baseline}}"), viaConf))).containsExactly(
                "spec.sparkConf[\"spark.kubernetes.driver.volumes.hostPath.scratch.mount.path\"]: hostPath volumes are "
                        + "not allowed (scratch) at Pod Security level \"baseline\" (SparkPolicy team-a)",
                "spec.sparkConf[\"spark.kubernetes.executor.annotation.container.apparmor.security.beta.kubernetes.io/"
                        + "spark-kubernetes-executor\"]: AppArmor profile \"unconfined\" is not allowed at Pod "
                        + "Security level \"baseline\" (SparkPolicy team-a)");
        assertThat(messages(validateApp(policy("{podSecurity: {level: restricted}}"), viaConf)))
                .contains("spec.sparkConf[\"spark.kubernetes.executor.volumes.nfs.share.mount.path\"]: volume type nfs "
                        + "is not allowed at Pod Security level \"restricted\" (SparkPolicy team-a)")
                .noneMatch(m -> m.contains("persistentVolumeClaim"));
        // The control: the same conf is of no concern to a policy without a level.
        assertThat(validateApp(policy("{allowProxyUser: true}"), viaConf).allowed()).isTrue();
    }

    @Test
    void aTypedSecurityContextReplacesTheTemplatesWholeAsTheMutatingWebhookDoes() {
        String template = """
                    template:
                      spec:
                        securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                        containers: [{name: spark-kubernetes-driver, securityContext: {allowPrivilegeEscalation: false,
                          capabilities: {drop: [ALL]}}}]
                """;
        SparkPolicy restricted = policy("{podSecurity: {level: restricted}}");
        // The template alone keeps restricted for the driver (the executor, with nothing set, does not).
        assertThat(messages(validateApp(restricted, app("  driver:\n" + template))))
                .noneMatch(m -> m.startsWith("spec.driver."))
                .anyMatch(m -> m.startsWith("spec.executor.securityContext.runAsNonRoot"));
        // A typed securityContext replaces the template container's whole: its missing drop ALL counts.
        assertThat(messages(validateApp(restricted, app("  driver:\n    securityContext: "
                + "{allowPrivilegeEscalation: false}\n" + template)))).filteredOn(m -> m.startsWith("spec.driver."))
                .containsExactly("spec.driver.securityContext.capabilities.drop: must include ALL at Pod Security "
                        + "level \"restricted\" (SparkPolicy team-a)");
    }

    @Test
    void aScheduleIsCheckedOnItsTemplate() {
        JsonNode scheduled = Json.read("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: ScheduledSparkApplication
                metadata: {name: nightly, namespace: team-a-etl}
                spec:
                  schedule: "@daily"
                  template:
                    type: Scala
                    mode: cluster
                    image: spark:4.1.1
                    mainClass: x.Y
                    sparkVersion: 4.1.1
                    driver: {hostNetwork: true}
                """, JsonNode.class);
        AdmissionDecision d = engine(policy("{podSecurity: {level: baseline}}"))
                .validateScheduledSparkApplication(AdmissionInput.create(NS, scheduled), view);
        assertThat(messages(d)).containsExactly("spec.template.driver.hostNetwork: sharing the host's namespaces is "
                + "not allowed at Pod Security level \"baseline\" (SparkPolicy team-a)");
    }

    @Test
    void thePlainExampleAppAndTheRealSparkPodsKeepBaseline() {
        SparkPolicy baseline = policy("{podSecurity: {level: baseline}}");
        assertThat(validateApp(baseline, Support.tree(Support.app("spark-pi.yaml", NS))).allowed()).isTrue();
        for (String set : List.of(SparkFixtures.JAVA_SPARK_PI, SparkFixtures.EXECUTORS)) {
            for (Pod pod : SparkFixtures.pods(set)) {
                assertThat(validatePod(baseline, AdmissionInput.create(NS, pod)).allowed()).as(set).isTrue();
            }
        }
        // The controls: the examples that mount a hostPath are refused for exactly that, app and pod alike.
        assertThat(messages(validateApp(baseline, Support.tree(Support.app("etl-daily.yaml", NS))))).singleElement()
                .asString().startsWith("spec.volumes[").contains(".hostPath: hostPath volumes are not allowed");
        assertThat(messages(validatePod(baseline, AdmissionInput.create(NS,
                SparkFixtures.driverPod(SparkFixtures.PYTHON_RICH))))).containsExactly("spec.volumes[2].hostPath: "
                + "hostPath volumes are not allowed (/mnt/scratch) at Pod Security level \"baseline\" (SparkPolicy "
                + "team-a)");
    }

    @Test
    void theDocumentedSecurityContextMakesTheAppAndItsRealPodsRestricted() throws IOException {
        SparkPolicy restricted = policy("{podSecurity: {level: restricted}}");
        SparkApplication pi = Support.app("spark-pi.yaml", NS);
        assertThat(validateApp(restricted, Support.tree(pi)).allowed()).isFalse();
        SparkApplication hardened = restrictedSparkPi();
        assertThat(messages(validateApp(restricted, Support.tree(hardened)))).isEmpty();
        PodMutationPipeline pipeline = new PodMutationPipeline(() -> TenantQuotaTest.index(restricted));
        for (String set : List.of(SparkFixtures.JAVA_SPARK_PI, SparkFixtures.EXECUTORS)) {
            for (Pod pod : SparkFixtures.pods(set)) {
                SparkRole role = SparkRole.fromLabel(pod.getMetadata().getLabels().get(SparkRole.LABEL)).orElseThrow();
                AdmissionInput raw = AdmissionInput.create(NS, pod);
                assertThat(validatePod(restricted, raw).allowed()).as("unmutated %s", set).isFalse();
                Pod mutated = pipeline.mutate(new MutationContext(NS, role, hardened), Support.tree(pod), LABELS)
                        .mutated();
                assertThat(messages(validatePod(restricted, AdmissionInput.create(NS, mutated)))).as(set).isEmpty();
            }
        }
    }

    private AdmissionDecision validatePod(SparkPolicy policy, AdmissionInput in) {
        return engine(policy).validatePod(in, view);
    }

    @Test
    void podUpdatesAndEphemeralContainersAreCheckedButMetadataOnlyUpdatesAreNot() {
        SparkPolicy baseline = policy("{podSecurity: {level: baseline}}");
        Pod running = SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
        ObjectNode debugged = Json.mapper().valueToTree(running);
        debugged.with("spec").putArray("ephemeralContainers").add(Json.read(
                "{name: debug, image: busybox, securityContext: {privileged: true}}", JsonNode.class));
        AdmissionDecision d = validatePod(baseline, AdmissionInput.update(NS, running, debugged));
        assertThat(messages(d)).containsExactly("spec.ephemeralContainers[0].securityContext.privileged: privileged "
                + "containers are not allowed at Pod Security level \"baseline\" (SparkPolicy team-a)");
        ((ObjectNode) debugged.at("/spec/ephemeralContainers/0/securityContext")).put("privileged", false);
        assertThat(validatePod(baseline, AdmissionInput.update(NS, running, debugged)).allowed()).isTrue();
        // A pod admitted before the policy (here: a hostPath one) stays updatable in its labels.
        Pod old = SparkFixtures.driverPod(SparkFixtures.PYTHON_RICH);
        Pod relabelled = Json.deepCopy(old, Pod.class);
        relabelled.getMetadata().getLabels().put("stage", "done");
        assertThat(validatePod(baseline, AdmissionInput.update(NS, old, relabelled)).allowed()).isTrue();
    }

    @Test
    void aSparkPodCannotShedItsRoleLabelToEscapeLaterChecks() {
        SparkPolicy baseline = policy("{podSecurity: {level: baseline}}");
        Pod running = SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
        for (String role : new String[] {null, "executor"}) {
            Pod relabelled = Json.deepCopy(running, Pod.class);
            if (role == null) {
                relabelled.getMetadata().getLabels().remove(SparkRole.LABEL);
            } else {
                relabelled.getMetadata().getLabels().put(SparkRole.LABEL, role);
            }
            AdmissionDecision d = validatePod(baseline, AdmissionInput.update(NS, running, relabelled));
            assertThat(d.allowed()).isFalse();
            assertThat(((AdmissionDecision.Denied) d).message()).isEqualTo("metadata.labels[\"spark-role\"]: the "
                    + "label of a Spark pod may not be removed or changed (was \"driver\")");
        }
        // The control: adding the label to a plain pod, or keeping it, is fine.
        Pod plain = Json.deepCopy(running, Pod.class);
        plain.getMetadata().getLabels().remove(SparkRole.LABEL);
        assertThat(validatePod(baseline, AdmissionInput.update(NS, plain, running)).allowed()).isTrue();
        assertThat(validatePod(baseline, AdmissionInput.update(NS, running, running)).allowed()).isTrue();
    }

    @Test
    void serviceAccountsOutsideTheListAreRefusedWhereverTheyAreNamed() {
        SparkPolicy spark = policy("{allowedServiceAccounts: [spark]}");
        assertThat(validateApp(spark, app("  driver: {serviceAccount: spark}\n")).allowed()).isTrue();
        assertThat(messages(validateApp(spark, app("  driver: {cores: 1}\n")))).containsExactly(
                "spec.driver.serviceAccount: service account \"default\" (the namespace default, as none is set) is "
                        + "not one SparkPolicy team-a allows (spark)");
        assertThat(messages(validateApp(spark, app("""
                  driver: {serviceAccount: spark}
                  executor:
                    serviceAccount: spark-admin
                    template: {spec: {serviceAccountName: cluster-admin}}
                """)))).containsExactly(
                "spec.executor.serviceAccount: service account \"spark-admin\" is not one SparkPolicy team-a allows "
                        + "(spark)",
                "spec.executor.template.spec.serviceAccountName: service account \"cluster-admin\" is not one "
                        + "SparkPolicy team-a allows (spark)");
        Pod driver = SparkFixtures.driverPod(SparkFixtures.PYTHON_RICH);
        assertThat(driver.getSpec().getServiceAccountName()).isEqualTo("spark");
        assertThat(validatePod(spark, AdmissionInput.create(NS, driver)).allowed()).isTrue();
        driver.getSpec().setServiceAccountName("spark-admin");
        driver.getSpec().setServiceAccount(null);
        AdmissionDecision d = validatePod(spark, AdmissionInput.create(NS, driver));
        assertThat(messages(d)).containsExactly("spec.serviceAccountName: service account \"spark-admin\" is not one "
                + "SparkPolicy team-a allows (spark)");
        assertThat(d.violations()).extracting(PolicyViolation::rule).containsOnly(PolicyViolation.RULE_SERVICE_ACCOUNT);
    }

    @Test
    void envFromIsRefusedOnlyWhenThePolicySaysSoAndASafePrefixPasses() {
        JsonNode importing = app("""
                  driver:
                    envFrom: [{configMapRef: {name: settings}}]
                  executor:
                    template: {spec: {containers: [{name: spark-kubernetes-executor, envFrom: [{secretRef: {name: s},
                      prefix: SPARK_}]}]}}
                """);
        assertThat(validateApp(policy("{allowedImageRegistries: []}"), importing).allowed()).isTrue();
        assertThat(validateApp(policy("{allowUncheckedEnvFrom: true}"), importing).allowed()).isTrue();
        AdmissionDecision d = validateApp(policy("{allowUncheckedEnvFrom: false}"), importing);
        String tail = " is not allowed: it could set JVM options (JAVA_TOOL_OPTIONS, SPARK_JAVA_OPT_*, ...) or conf "
                + "directories sparkgate cannot check; name the variables in env, or give a prefix such as APP_ "
                + "(SparkPolicy team-a, rules.allowUncheckedEnvFrom: false)";
        assertThat(messages(d)).containsExactly(
                "spec.driver.envFrom[0]: importing every variable of ConfigMap \"settings\"" + tail,
                "spec.executor.template.spec.containers[0].envFrom[0]: importing every variable of Secret \"s\" "
                        + "under prefix \"SPARK_\"" + tail);
        assertThat(d.violations()).extracting(PolicyViolation::rule).containsOnly(PolicyViolation.RULE_ENV_FROM);
        assertThat(validateApp(policy("{allowUncheckedEnvFrom: false}"), app("""
                  driver:
                    envFrom: [{configMapRef: {name: settings}, prefix: APP_}, {secretRef: {name: s}, prefix: DB_}]
                """)).allowed()).isTrue();

        Pod driver = SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
        assertThat(validatePod(policy("{allowUncheckedEnvFrom: false}"), AdmissionInput.create(NS, driver)).allowed())
                .isTrue();
        driver.getSpec().getContainers().get(0).setEnvFrom(List.of(new io.fabric8.kubernetes.api.model
                .EnvFromSourceBuilder().withNewConfigMapRef().withName("settings").endConfigMapRef().build()));
        assertThat(messages(validatePod(policy("{allowUncheckedEnvFrom: false}"), AdmissionInput.create(NS, driver))))
                .containsExactly("spec.containers[0].envFrom[0]: importing every variable of ConfigMap \"settings\""
                        + tail);
    }

    @Test
    void proxyUserIsRefusedOnlyWhenThePolicySaysSo() {
        JsonNode impersonating = app("  proxyUser: hdfs\n");
        assertThat(validateApp(policy("{allowedImageRegistries: []}"), impersonating).allowed()).isTrue();
        assertThat(validateApp(policy("{allowProxyUser: true}"), impersonating).allowed()).isTrue();
        AdmissionDecision d = validateApp(policy("{allowProxyUser: false}"), impersonating);
        assertThat(messages(d)).containsExactly("spec.proxyUser: impersonating \"hdfs\" is not allowed (SparkPolicy "
                + "team-a, rules.allowProxyUser: false)");
        assertThat(validateApp(policy("{allowProxyUser: false}"), app("  driver: {cores: 1}\n")).allowed()).isTrue();
        Pod driver = SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
        assertThat(validatePod(policy("{allowProxyUser: false}"), AdmissionInput.create(NS, driver)).allowed()).isTrue();
        driver.getSpec().getContainers().get(0).getArgs().addAll(1, List.of("--proxy-user", "hdfs"));
        assertThat(messages(validatePod(policy("{allowProxyUser: false}"), AdmissionInput.create(NS, driver))))
                .containsExactly("spec.containers[0].args: --proxy-user is not allowed (SparkPolicy team-a, "
                        + "rules.allowProxyUser: false)");
    }

    /**
     * Hadoop's UserGroupInformation impersonates whoever {@code HADOOP_PROXY_USER} names, as variable or as JVM
     * system property, just as {@code --proxy-user} does: under {@code allowProxyUser: false} neither may be set.
     * (Found by the issue-18 fuzz oracle's proxy-user rows; an ordinary variable is the control.)
     */
    @Test
    void hadoopProxyUserInTheEnvironmentOrAsSystemPropertyIsRefusedLikeProxyUser() {
        SparkPolicy noProxy = policy("{allowProxyUser: false}");
        assertThat(messages(validateApp(noProxy, app("  driver: {env: [{name: HADOOP_PROXY_USER, value: hdfs}]}\n"))))
                .containsExactly("spec.driver.env[0] (HADOOP_PROXY_USER): impersonating \"hdfs\" through "
                        + "HADOOP_PROXY_USER is not allowed (SparkPolicy team-a, rules.allowProxyUser: false)");
        assertThat(messages(validateApp(noProxy, app("  executor: {envVars: {HADOOP_PROXY_USER: hdfs}}\n"))))
                .containsExactly("spec.executor.envVars[\"HADOOP_PROXY_USER\"]: impersonating \"hdfs\" through "
                        + "HADOOP_PROXY_USER is not allowed (SparkPolicy team-a, rules.allowProxyUser: false)");
        assertThat(messages(validateApp(noProxy, app("  sparkConf: {spark.kubernetes.driverEnv.HADOOP_PROXY_USER: "
                + "root}\n")))).singleElement().asString().startsWith("spec.sparkConf[\"spark.kubernetes.driverEnv"
                + ".HADOOP_PROXY_USER\"]: impersonating \"root\"");
        assertThat(messages(validateApp(noProxy, app("  driver: {javaOptions: \"-Xmx1g -DHADOOP_PROXY_USER=hdfs\"}\n"))))
                .containsExactly("spec.driver.javaOptions (-DHADOOP_PROXY_USER): impersonating \"hdfs\" through "
                        + "HADOOP_PROXY_USER is not allowed (SparkPolicy team-a, rules.allowProxyUser: false)");
        assertThat(messages(validateApp(noProxy, app("  sparkConf: {spark.executor.extraJavaOptions: "
                + "\"'-DHADOOP_PROXY_USER=hdfs'\"}\n")))).singleElement().asString()
                .startsWith("spec.sparkConf[\"spark.executor.extraJavaOptions\"] (-DHADOOP_PROXY_USER)");
        assertThat(messages(validateApp(noProxy, app("  executor: {env: [{name: JAVA_TOOL_OPTIONS, value: "
                + "\"-DHADOOP_PROXY_USER=hdfs\"}]}\n")))).singleElement().asString()
                .startsWith("spec.executor.env[0] (JAVA_TOOL_OPTIONS) (-DHADOOP_PROXY_USER)");
        // Controls: an ordinary variable and option, and the same settings where the policy allows proxy users.
        assertThat(validateApp(noProxy, app("  driver: {env: [{name: HADOOP_USER_HOME, value: hdfs}], javaOptions: "
                + "\"-Dhadoop.tmp.dir=/tmp\"}\n")).allowed()).isTrue();
        assertThat(validateApp(policy("{allowProxyUser: true}"), app("  driver: {env: [{name: HADOOP_PROXY_USER, "
                + "value: hdfs}]}\n")).allowed()).isTrue();
        Pod driver = SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
        driver.getSpec().getContainers().get(0).getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar(
                "HADOOP_PROXY_USER", "hdfs", null));
        assertThat(messages(validatePod(noProxy, AdmissionInput.create(NS, driver)))).singleElement().asString()
                .matches("spec\\.containers\\[0\\]\\.env\\[\\d+\\] \\(HADOOP_PROXY_USER\\): impersonating \"hdfs\".*");
    }
}
