package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.spark.KerberosConf;
import io.sparkgate.api.spark.MemoryRule;
import io.sparkgate.api.spark.SparkConfMapping;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.KerberosSpec;
import io.sparkgate.api.v1beta2.RestartPolicy;
import io.sparkgate.api.v1beta2.RestartPolicyType;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SecretInfo;
import io.sparkgate.api.v1beta2.SecretType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionObjects;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.spark.RunIds;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.PodMutationPipeline;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubeflow's documented examples, re-typed in examples/kubeflow: each is admitted, launched, and its driver and
 * executor pods mutated, and every typed field it sets shows in the launcher's conf, the driver pod or the mutated
 * pods as kubeflow's operator would have made it.
 */
public class KubeflowExamplesTest {
    private static final Path DIR = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/kubeflow");
    // Examples refused at admission, with the start of the message; none since spec.kerberos is modelled.
    private static final Map<String, String> REFUSED = Map.of();
    // kubeflow's own files setting fields no v1beta2 type declares (docs/migration-from-kubeflow.md): the API
    // server prunes them and admission says so; any other unknown field in an example is a gap in the model.
    public static final Map<String, List<String>> UNDECLARED = Map.of(
            "spark-pi-pod-templates.yaml", List.of("spec.driver.templateContainerName",
                    "spec.executor.templateContainerName"),
            "spark-pi-workload.yaml", List.of("spec.batchSchedulerOptions.minMember"));
    private static final String SID = "7d3e9c2b-1a4f-4e6d-8b5a-0c9f8e7d6a5b";
    private final PolicyEngine engine = new PolicyEngine(PolicyIndex::empty,
            new ReservationLedger(Clock.systemUTC(), Duration.ofSeconds(60)));
    private final SubmissionBuilder launcher = new SubmissionBuilder(LauncherSettings.inCluster(),
            Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));
    private final PodMutationPipeline webhook = new PodMutationPipeline(PolicyIndex::empty);

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void admitsLaunchesAndEveryTypedFieldTakesEffect(String file) throws IOException {
        List<JsonNode> docs = Json.yaml().readValues(Json.yaml().createParser(DIR.resolve(file).toFile()),
                JsonNode.class).readAll();
        List<JsonNode> apps = docs.stream().filter(d -> d.path("apiVersion").asText()
                .equals("sparkoperator.k8s.io/v1beta2")).toList();
        assertThat(apps).as(file + " holds a v1beta2 object").isNotEmpty();
        for (JsonNode doc : apps) {
            String ns = doc.path("metadata").path("namespace").asText("default");
            SparkApplication app;
            if (doc.path("kind").asText().equals("ScheduledSparkApplication")) {
                assertThat(engine.validateScheduledSparkApplication(AdmissionInput.create(ns, doc),
                        ClusterView.empty()).allowed()).as(file + " admitted").isTrue();
                ScheduledSparkApplication scheduled = Json.mapper().convertValue(doc, ScheduledSparkApplication.class);
                schedule(file, scheduled, doc);
                ObjectNode run = Json.mapper().createObjectNode();
                run.put("apiVersion", "sparkoperator.k8s.io/v1beta2").put("kind", "SparkApplication");
                run.putObject("metadata").put("name", scheduled.getMetadata().getName() + "-1").put("namespace", ns);
                run.set("spec", doc.path("spec").path("template"));
                app = Json.mapper().convertValue(run, SparkApplication.class);
            } else if (REFUSED.containsKey(file)) {
                var decision = engine.validateSparkApplication(AdmissionInput.create(ns, doc), ClusterView.empty());
                assertThat(decision).isInstanceOf(AdmissionDecision.Denied.class);
                assertThat(((AdmissionDecision.Denied) decision).message())
                        .startsWith(REFUSED.get(file));
                continue;
            } else {
                AdmissionDecision decision = engine.validateSparkApplication(AdmissionInput.create(ns, doc),
                        ClusterView.empty());
                assertThat(decision.allowed()).as(file + " admitted").isTrue();
                app = Json.mapper().convertValue(doc, SparkApplication.class);
                notReadWarned(file, app.getSpec(), decision.warnings());
            }
            check(file, app);
        }
    }

    private void check(String file, SparkApplication app) {
        SubmissionObjects objects = launcher.build(app, SID, RunIds.appIdFor(SID));
        Map<String, String> conf = objects.sparkProperties();
        var spec = app.getSpec();
        app.getSpec().sparkConf().forEach((k, v) -> assertThat(conf).as(file + " sparkConf").containsEntry(k, v));
        spec.hadoopConf().forEach((k, v) -> assertThat(conf).containsEntry(SparkConfMapping.hadoopKey(k), v));
        if (spec.pythonVersion() != null) {
            assertThat(conf).containsEntry("spark.kubernetes.pyspark.pythonVersion", spec.pythonVersion());
        }
        if (spec.executor().instances() != null) {
            assertThat(conf).containsEntry("spark.executor.instances", spec.executor().instances().toString());
        }
        if (spec.dynamicAllocation() != null && spec.dynamicAllocation().enabled()) {
            var da = spec.dynamicAllocation();
            assertThat(conf).containsEntry("spark.dynamicAllocation.enabled", "true")
                    .containsEntry("spark.dynamicAllocation.initialExecutors", String.valueOf(da.initialExecutors()))
                    .containsEntry("spark.dynamicAllocation.minExecutors", String.valueOf(da.minExecutors()))
                    .containsEntry("spark.dynamicAllocation.maxExecutors", String.valueOf(da.maxExecutors()));
        }
        if (spec.monitoring() != null && spec.monitoring().prometheus() != null) {
            String agent = "-javaagent:" + spec.monitoring().prometheus().jmxExporterJar() + "="
                    + spec.monitoring().prometheus().port();
            assertThat(conf.get("spark.driver.extraJavaOptions")).contains(agent);
            assertThat(conf.get("spark.executor.extraJavaOptions")).contains(agent);
        }

        Pod driver = objects.driverPod();
        Container c = driver.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(spec.driver().image() != null ? spec.driver().image() : spec.image());
        assertThat(c.getImagePullPolicy()).isEqualTo(spec.imagePullPolicy());
        List<String> args = c.getArgs();
        List<String> tail = new ArrayList<>();
        tail.add(spec.mainApplicationFile());
        tail.addAll(spec.arguments());
        assertThat(args.subList(args.size() - tail.size(), args.size())).as(file + " args").isEqualTo(tail);
        if (spec.mainClass() != null) {
            assertThat(args).contains(spec.mainClass());
        }
        roleOnDriverPod(file, spec.driver(), conf, driver, SparkConfMapping.isJvm(app));
        if (spec.driver().serviceAccount() != null) {
            assertThat(driver.getSpec().getServiceAccountName()).isEqualTo(spec.driver().serviceAccount());
        }
        if (spec.driver().template() != null && spec.driver().template().getMetadata() != null) {
            assertThat(driver.getMetadata().getLabels()).containsAllEntriesOf(
                    spec.driver().template().getMetadata().getLabels());
        }
        executorConf(spec.executor(), conf);
        kerberosConf(file, spec, conf);
        timeToLive(file, app);
        restartPolicy(file, spec.restartPolicy());

        for (SparkRole role : SparkRole.values()) {
            JsonNode pod = role == SparkRole.DRIVER ? Json.mapper().valueToTree(driver) : executorPodOf(app);
            MutationResult result = webhook.mutate(new MutationContext(app.getMetadata().getNamespace(), role, app),
                    pod, Map.of());
            assertThat(result.refusal()).as(file + " " + role + " pod refused").isEmpty();
            mutated(file, role, app, spec.role(role), result.mutated(), conf);
        }
    }

    // Fields admitted but not read must say so in the admission's warnings, never be dropped in silence.
    private static void notReadWarned(String file, SparkApplicationSpec spec, List<String> warnings) {
        List<String> expected = new ArrayList<>();
        UNDECLARED.getOrDefault(file, List.of()).forEach(f -> expected.add("unknown field \"" + f + "\""));
        if (spec.batchSchedulerOptions() != null) {
            expected.add("spec.batchSchedulerOptions: not read");
        }
        if (spec.restartPolicy().recovery() != null) {
            expected.add("spec.restartPolicy.recovery: not read");
        }
        if (spec.kerberos() != null && spec.kerberos().realm() != null) {
            expected.add("spec.kerberos.realm: not read");
        }
        if (spec.kerberos() != null && spec.kerberos().kdc() != null) {
            expected.add("spec.kerberos.kdc: not read");
        }
        for (String w : expected) {
            assertThat(warnings).as(file + " warns " + w).anyMatch(x -> x.startsWith(w));
        }
        assertThat(warnings).as(file + " warnings").allMatch(x -> expected.stream().anyMatch(x::startsWith));
    }

    // spec.kerberos as kubeflow's submission writes it: login, renewal, token services, krb5.conf for both JVMs,
    // and the two Secrets mounted at kubeflow's fixed paths in both roles.
    private static void kerberosConf(String file, SparkApplicationSpec spec, Map<String, String> conf) {
        KerberosSpec k = spec.kerberos();
        if (k == null) {
            return;
        }
        String what = file + " kerberos";
        if (k.principal() != null) {
            assertThat(conf).as(what).containsEntry("spark.kerberos.principal", k.principal())
                    .containsEntry("spark.hadoop.hadoop.kerberos.principal", k.principal());
        }
        assertThat(conf).as(what).containsEntry("spark.kerberos.renewal.credentials", k.renewalCredentialsOrDefault());
        k.enabledServicesOrDefault().forEach(s -> assertThat(conf).as(what)
                .containsEntry("spark.security.credentials." + s + ".enabled", "true"));
        for (SparkRole role : SparkRole.values()) {
            String secrets = "spark.kubernetes." + role.label() + ".secrets.";
            if (k.keytabSecret() != null) {
                assertThat(conf).as(what).containsEntry(secrets + k.keytabSecret(), KerberosConf.KEYTAB_MOUNT_PATH);
            }
            if (k.configSecret() != null) {
                assertThat(conf).as(what).containsEntry(secrets + k.configSecret(), KerberosConf.CONFIG_MOUNT_PATH);
                assertThat(conf.get("spark." + role.label() + ".extraJavaOptions")).as(what)
                        .contains("-Djava.security.krb5.conf=" + KerberosConf.configPath(k));
            }
        }
        if (k.keytabSecret() != null) {
            assertThat(conf).as(what).containsEntry("spark.kerberos.keytab", "local://" + KerberosConf.keytabPath(k))
                    .containsEntry("spark.hadoop.hadoop.kerberos.keytab", KerberosConf.keytabPath(k));
        }
        if (k.configSecret() != null) {
            assertThat(conf).as(what).containsEntry("spark.hadoop.java.security.krb5.conf", KerberosConf.configPath(k));
        }
    }

    // spec.timeToLiveSeconds: the finished app is deleted that many seconds after it ended, and not before.
    private static void timeToLive(String file, SparkApplication original) {
        Long ttl = original.getSpec().timeToLiveSeconds();
        if (ttl == null) {
            return;
        }
        SparkApplication app = Json.mapper().convertValue(Json.mapper().valueToTree(original), SparkApplication.class);
        app.getMetadata().setUid("u");
        AppStateMachine machine = new AppStateMachine(Duration.ofSeconds(60));
        Instant end = Instant.parse("2026-12-07T12:00:00Z");
        app.setStatus(machine.afterSubmission(app, new SubmissionResult.Submitted(app.getMetadata().getName()
                + "-driver", "spark-1", SubmissionIds.forRun(app, 0)), 0, end));
        app.getStatus().setApplicationState(ApplicationState.of(ApplicationStateType.COMPLETED));
        app.getStatus().setTerminationTime(AppStateMachine.time(end));
        assertThat(machine.decide(app, RunPods.none(), end.plusSeconds(ttl - 1))).as(file + " ttl")
                .isEqualTo(new Step.Wait(Duration.ofSeconds(1)));
        assertThat(machine.decide(app, RunPods.none(), end.plusSeconds(ttl))).as(file + " ttl")
                .isEqualTo(new Step.DeleteApp());
    }

    // spec.restartPolicy: failed submissions and runs are retried as many times, and as late, as it says.
    private static void restartPolicy(String file, RestartPolicy p) {
        String what = file + " restartPolicy";
        Instant t = Instant.parse("2026-12-07T12:00:00Z");
        SparkApplicationStatus status = new SparkApplicationStatus();
        assertThat(RetryPolicy.rerunAfterSuccess(p)).as(what).isEqualTo(p.typeOrDefault() == RestartPolicyType.Always);
        if (p.onSubmissionFailureRetries() != null) {
            status.setSubmissionAttempts(p.onSubmissionFailureRetries());
            assertThat(RetryPolicy.retrySubmission(p, status)).as(what).isEqualTo(p.typeOrDefault()
                    != RestartPolicyType.Never);
            status.setSubmissionAttempts(p.onSubmissionFailureRetries() + 1);
            assertThat(RetryPolicy.retrySubmission(p, status)).as(what).isFalse();
        }
        if (p.onSubmissionFailureRetryInterval() != null) {
            status.setSubmissionAttempts(1);
            assertThat(RetryPolicy.nextSubmissionDue(p, status, t)).as(what)
                    .isEqualTo(t.plusSeconds(p.onSubmissionFailureRetryInterval()));
        }
        if (p.onFailureRetries() != null) {
            status.setExecutionAttempts(p.onFailureRetries());
            assertThat(RetryPolicy.retryRun(p, status)).as(what).isEqualTo(p.typeOrDefault()
                    != RestartPolicyType.Never);
            status.setExecutionAttempts(p.onFailureRetries() + 1);
            assertThat(RetryPolicy.retryRun(p, status)).as(what)
                    .isEqualTo(p.typeOrDefault() == RestartPolicyType.Always);
        }
        if (p.onFailureRetryInterval() != null) {
            status.setExecutionAttempts(1);
            assertThat(RetryPolicy.nextRunDue(p, status, t)).as(what).isEqualTo(t.plusSeconds(p.onFailureRetryInterval()));
        }
    }

    // A ScheduledSparkApplication's schedule parses (robfig/cron grammar) and its concurrency policy is read.
    private static void schedule(String file, ScheduledSparkApplication scheduled, JsonNode doc) {
        var spec = scheduled.getSpec();
        Instant t = Instant.parse("2026-12-07T12:00:00Z");
        assertThat(CronSchedule.parse(spec.schedule(), spec.timeZone()).next(t)).as(file + " schedule").isAfter(t);
        if (doc.path("spec").has("concurrencyPolicy")) {
            assertThat(spec.concurrencyPolicyOrDefault().name()).as(file + " concurrencyPolicy")
                    .isEqualTo(doc.path("spec").path("concurrencyPolicy").asText());
        }
    }

    private static void roleOnDriverPod(String file, SparkPodSpec d, Map<String, String> conf, Pod pod, boolean jvm) {
        var resources = pod.getSpec().getContainers().get(0).getResources();
        String cpu = d.coreRequest() != null ? d.coreRequest() : d.cores() != null ? d.cores().toString() : "1";
        assertThat(resources.getRequests().get("cpu").toString()).as(file + " driver cpu").isEqualTo(cpu);
        if (d.coreLimit() != null) {
            assertThat(resources.getLimits().get("cpu").toString()).isEqualTo(d.coreLimit());
        }
        assertThat(resources.getRequests().get("memory").toString()).as(file + " driver memory")
                .isEqualTo(MemoryRule.podMemoryMiB(conf, SparkRole.DRIVER, jvm) + "Mi");
        if (d.memory() != null) {
            assertThat(conf).containsEntry("spark.driver.memory", d.memory());
        }
        if (d.memoryOverhead() != null) {
            assertThat(conf).containsEntry("spark.driver.memoryOverhead", d.memoryOverhead());
        }
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(d.labels());
        assertThat(pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations())
                .containsAllEntriesOf(d.annotations());
    }

    private static void executorConf(SparkPodSpec e, Map<String, String> conf) {
        if (e.cores() != null) {
            assertThat(conf).containsEntry("spark.executor.cores", e.cores().toString());
        }
        if (e.coreLimit() != null) {
            assertThat(conf).containsEntry("spark.kubernetes.executor.limit.cores", e.coreLimit());
        }
        if (e.memory() != null) {
            assertThat(conf).containsEntry("spark.executor.memory", e.memory());
        }
        if (e.memoryOverhead() != null) {
            assertThat(conf).containsEntry("spark.executor.memoryOverhead", e.memoryOverhead());
        }
        e.labels().forEach((k, v) -> assertThat(conf).containsEntry("spark.kubernetes.executor.label." + k, v));
        e.annotations().forEach((k, v) -> assertThat(conf)
                .containsEntry("spark.kubernetes.executor.annotation." + k, v));
        if (e.template() != null) {
            assertThat(conf).containsKey("spark.kubernetes.executor.podTemplateFile");
        }
    }

    private static void mutated(String file, SparkRole role, SparkApplication app, SparkPodSpec p, Pod pod,
                                Map<String, String> conf) {
        Container c = pod.getSpec().getContainers().get(0);
        String what = file + " " + role.label();
        if (p.securityContext() != null) {
            JsonNode ours = Json.mapper().valueToTree(c.getSecurityContext());
            JsonNode wanted = Json.mapper().valueToTree(p.securityContext());
            assertThat(ours).as(what + " securityContext").isEqualTo(wanted);
        }
        for (VolumeMount m : p.volumeMounts()) {
            var volume = app.getSpec().volumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst()
                    .orElseThrow();
            String sparkType = volume.getEmptyDir() != null ? "emptyDir" : volume.getHostPath() != null ? "hostPath"
                    : volume.getNfs() != null ? "nfs" : volume.getPersistentVolumeClaim() != null
                    ? "persistentVolumeClaim" : null;
            if (role == SparkRole.EXECUTOR && sparkType != null) {
                // Spark's in-driver scheduler mounts these from the conf; the executor fixture predates the app.
                assertThat(conf).as(what + " mount " + m.getName()).containsEntry("spark.kubernetes.executor.volumes."
                        + sparkType + "." + m.getName() + ".mount.path", m.getMountPath());
                continue;
            }
            List<String> paths = c.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList();
            assertThat(paths).as(what + " mount " + m.getName()).contains(m.getMountPath());
        }
        // Every Secret the role lists, and spec.kerberos's two, mounted where named, typed ones with their variable.
        List<String> paths = c.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList();
        Map<String, String> env = new java.util.HashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        for (SecretInfo s : KerberosConf.roleSecrets(app.getSpec(), role)) {
            assertThat(paths).as(what + " secret " + s.name()).contains(s.path());
            assertThat(pod.getSpec().getVolumes()).as(what + " secret " + s.name())
                    .anyMatch(v -> v.getSecret() != null && s.name().equals(v.getSecret().getSecretName()));
            if (s.secretType() == SecretType.KerberosKeytab) {
                assertThat(env).as(what + " keytab variable").containsEntry("KRB5_KEYTAB_FILE", s.path() + "/krb5.keytab");
            }
        }
        p.env().forEach(e -> assertThat(env).as(what + " env " + e.getName()).containsEntry(e.getName(), e.getValue()));
        String scheduler = app.getSpec().batchScheduler() != null ? app.getSpec().batchScheduler()
                : p.schedulerName();
        if (scheduler != null) {
            assertThat(pod.getSpec().getSchedulerName()).as(what + " scheduler").isEqualTo(scheduler);
        }
        assertThat(pod.getMetadata().getLabels()).as(what + " app label")
                .containsEntry(SparkLabels.APP_NAME, app.getMetadata().getName());
    }

    // A real executor pod of Spark 4.1.1's in-driver scheduler, labelled as one of this app's executors.
    private static JsonNode executorPodOf(SparkApplication app) {
        ObjectNode pod = SparkFixtures.podJson(SparkFixtures.EXECUTORS).deepCopy();
        ObjectNode meta = (ObjectNode) pod.path("metadata");
        meta.put("namespace", app.getMetadata().getNamespace());
        ((ObjectNode) meta.path("labels")).put(SparkLabels.APP_NAME, app.getMetadata().getName());
        return pod;
    }
}
