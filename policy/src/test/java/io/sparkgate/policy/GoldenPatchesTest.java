package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.PolicyRegistry;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The whole pod mutation (the app's mutators, then admin defaults) over a few thousand random SparkApplications and
 * random admin policies, on the pods real Spark 4.1.1 created, compared with a golden record of what the pipeline
 * answered when the record was written: one digest per case of its patch, warnings and refusal. Any cache, copy
 * avoidance or reordering of the admission path must leave every line unchanged; a difference names the seed, and
 * {@link #describe(int)} prints that case. Rewrite the record only for an intended change of behaviour, with
 * {@code -Dsparkgate.golden.write=true}, and say why in the commit.
 */
class GoldenPatchesTest {
    static final int CASES = 3000;
    private static final Path GOLDEN = Path.of("src/test/resources/golden/pipeline-patches.txt");
    private static final Map<String, String> LABELS = Map.of("tenant", "team-a");

    private static final List<Function<Random, String>> ROLE_FIELDS = List.of(
            r -> "labels: {team: " + pick(r, "a", "b") + ", cost-center: " + pick(r, "x", "team-a") + "}",
            r -> "annotations: {example.com/owner: " + pick(r, "x", "y") + "}",
            r -> "env: [{name: " + pick(r, "TZ", "SPARK_CONF_DIR", "NEW", "SPARK_USER") + ", value: v" + r.nextInt(3)
                    + "}]",
            r -> "envVars: {" + pick(r, "STAGE", "TZ") + ": " + pick(r, "prod", "dev") + "}",
            r -> "envSecretKeyRefs: {" + pick(r, "DB_PASSWORD", "TOKEN") + ": {name: s, key: k}}",
            r -> "envFrom: [{secretRef: {name: " + pick(r, "a", "b") + "}}]",
            r -> "volumeMounts: [{name: " + pick(r, "data", "extra", "missing", "scratch") + ", mountPath: "
                    + pick(r, "/data", "/extra", "/tmp/scratch", "/cache") + "}]",
            r -> "configMaps: [{name: " + pick(r, "log4j", "my.conf") + ", path: " + pick(r, "/etc/log4j", "/data")
                    + "}]",
            r -> "secrets: [{name: " + pick(r, "gcs-key", "tok") + ", path: " + pick(r, "/mnt/secrets/gcs", "/mnt/t")
                    + ", secretType: " + pick(r, "Generic", "GCPServiceAccount", "HadoopDelegationToken") + "}]",
            r -> "tolerations: [{key: " + pick(r, "dedicated", "b") + ", operator: Exists"
                    + pick(r, "", ", effect: NoSchedule") + "}]",
            r -> "nodeSelector: {pool: " + pick(r, "spark", "gpu") + "}",
            r -> "affinity: " + affinity(r),
            r -> "gpu: {name: nvidia.com/gpu, quantity: " + r.nextInt(3) + "}",
            r -> "memoryLimit: " + pick(r, "512m", "8g", "10Gi", "4096"),
            r -> "coreLimit: " + pick(r, "1", "1500m", "2"),
            r -> "ports: [{name: " + pick(r, "metrics", "spark-ui") + ", containerPort: " + pick(r, "9100", "4040")
                    + pick(r, "", ", protocol: TCP") + "}]",
            r -> "sidecars: [{name: " + pick(r, "proxy", "fetch") + ", image: example.com/i:1"
                    + pick(r, "", ", securityContext: {runAsUser: 1000}") + "}]",
            r -> "initContainers: [{name: " + pick(r, "fetch", "init") + ", image: example.com/i:1}]",
            r -> "terminationGracePeriodSeconds: " + pick(r, "30", "60"),
            r -> "securityContext: {runAsUser: " + pick(r, "185", "0") + pick(r, "", ", allowPrivilegeEscalation: true")
                    + "}",
            r -> "podSecurityContext: {fsGroup: " + pick(r, "185", "1000") + pick(r, "", ", runAsNonRoot: false") + "}",
            r -> "priorityClassName: " + pick(r, "high", "spark-batch"),
            r -> "schedulerName: " + pick(r, "default-scheduler", "yunikorn"),
            r -> "dnsConfig: {nameservers: [10.0.0." + r.nextInt(2) + "]}",
            r -> "hostAliases: [{ip: 10.0.0.1, hostnames: [h" + r.nextInt(2) + "]}]",
            r -> "serviceAccount: " + pick(r, "spark", "other"),
            r -> "lifecycle: {preStop: {exec: {command: [sleep, \"" + r.nextInt(3) + "\"]}}}");

    private static final List<Function<Random, String>> APP_FIELDS = List.of(
            r -> "sparkConfigMap: " + pick(r, "conf", "spark.conf"),
            r -> "hadoopConfigMap: hadoop",
            r -> "nodeSelector: {zone: " + pick(r, "a", "b") + "}",
            r -> "volumes: [{name: data, persistentVolumeClaim: {claimName: " + pick(r, "etl-data", "other") + "}},"
                    + " {name: extra, emptyDir: {}}, {name: scratch, emptyDir: {}}]",
            r -> "sparkConf: {spark.eventLog.dir: " + pick(r, "/mnt/history", "s3a://b/logs") + "}",
            r -> "monitoring: {exposeDriverMetrics: true, exposeExecutorMetrics: " + r.nextBoolean()
                    + ", prometheus: {jmxExporterJar: /j.jar, port: " + pick(r, "8090", "7079") + "}}");

    /** Blocks of admin pod defaults; a case's policy takes a random subset, in a random mode and selector. */
    private static final List<Function<Random, String>> DEFAULT_FIELDS = List.of(
            r -> "labels: {cost-center: team-a, tier: " + pick(r, "gold", "silver") + "}",
            r -> "annotations: {example.com/audited: \"" + r.nextBoolean() + "\"}",
            r -> "nodeSelector: {pool: " + pick(r, "spark", "batch") + "}",
            r -> "tolerations: [{key: dedicated, operator: Equal, value: spark, effect: NoSchedule}]",
            r -> "affinity: " + affinity(r),
            r -> "priorityClassName: " + pick(r, "spark-batch", "low"),
            r -> "schedulerName: " + pick(r, "default-scheduler", "volcano"),
            r -> "securityContext: {runAsNonRoot: true, fsGroup: 185" + pick(r, "", ", seccompProfile: {type: "
                    + "RuntimeDefault}") + "}",
            r -> "containerSecurityContext: {allowPrivilegeEscalation: false" + pick(r, "",
                    ", capabilities: {drop: [ALL]}") + "}",
            r -> "imagePullSecrets: [" + pick(r, "regcred", "pull") + "]",
            r -> "volumes: [{name: scratch, emptyDir: {sizeLimit: 10Gi}}]\n      volumeMounts: [{name: scratch, "
                    + "mountPath: " + pick(r, "/tmp/scratch", "/cache") + "}]",
            r -> "env: [{name: " + pick(r, "TZ", "STAGE") + ", value: UTC}]");

    private static String affinity(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "
                    + "[{matchExpressions: [{key: pool, operator: In, values: [" + pick(r, "spark", "gpu") + "]}]}]}}}";
            case 1 -> "{podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: "
                    + (1 + r.nextInt(100)) + ", podAffinityTerm: {topologyKey: kubernetes.io/hostname, "
                    + "labelSelector: {matchLabels: {spark-role: executor}}}}]}}";
            default -> "{podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, "
                    + "labelSelector: {matchLabels: {app: " + pick(r, "cache", "db") + "}}}]}}";
        };
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    /** The pods a case may mutate: every driver and executor pod real Spark 4.1.1 created in the fixtures. */
    private static final List<JsonNode> DRIVERS = List.of(SparkFixtures.podJson(SparkFixtures.PYTHON_RICH),
            SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI));
    private static final List<JsonNode> EXECUTORS = SparkFixtures.files(SparkFixtures.EXECUTORS, "Pod").stream()
            .map(SparkFixtures::json).toList();

    /** One case: its role, pod, app and policy, all from the seed. */
    record Case(SparkRole role, JsonNode pod, String appYaml, String policyYaml) {
        static Case of(int seed) {
            Random r = new Random(seed);
            SparkRole role = r.nextBoolean() ? SparkRole.DRIVER : SparkRole.EXECUTOR;
            List<JsonNode> pods = role == SparkRole.DRIVER ? DRIVERS : EXECUTORS;
            JsonNode pod = pods.get(r.nextInt(pods.size()));
            return new Case(role, pod, app(r, role), policy(r));
        }

        MutationResult run() {
            SparkApplication app = Support.appYaml(appYaml);
            PolicyRegistry registry = new PolicyRegistry();
            List<String> problems = registry.upsert(Json.read(policyYaml, SparkPolicy.class));
            assertThat(problems).as("generated policy\n%s", policyYaml).isEmpty();
            PolicyIndex index = registry.snapshot();
            return new PodMutationPipeline(() -> index)
                    .mutate(new MutationContext("team-a", role, app), pod, LABELS);
        }
    }

    private static String app(Random r, SparkRole role) {
        StringBuilder yaml = new StringBuilder("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                + "metadata: {name: app, namespace: team-a, uid: uid-1}\nspec:\n  type: Scala\n"
                + "  image: example.com/spark:4.1.1\n");
        for (Function<Random, String> f : APP_FIELDS) {
            if (r.nextInt(3) == 0) {
                yaml.append("  ").append(f.apply(r)).append('\n');
            }
        }
        yaml.append("  ").append(role.label()).append(":\n    cores: 1\n");
        for (Function<Random, String> f : ROLE_FIELDS) {
            if (r.nextInt(3) == 0) {
                yaml.append("    ").append(f.apply(r)).append('\n');
            }
        }
        return yaml.toString();
    }

    private static String policy(Random r) {
        StringBuilder yaml = new StringBuilder("apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\n"
                + "metadata: {name: p}\nspec:\n  namespaceSelector: {matchLabels: {tenant: team-a}}\n"
                + "  podDefaults:\n");
        int blocks = r.nextInt(4);
        for (int b = 0; b < blocks; b++) {
            yaml.append("    - applyTo: ").append(pick(r, "all", "driver", "executor")).append('\n')
                    .append("      mode: ").append(pick(r, "default", "enforce")).append('\n');
            for (Function<Random, String> f : DEFAULT_FIELDS) {
                if (r.nextInt(4) == 0) {
                    yaml.append("      ").append(f.apply(r)).append('\n');
                }
            }
        }
        if (blocks == 0) {
            yaml.setLength(yaml.length() - "  podDefaults:\n".length());
        }
        return yaml.toString();
    }

    /** What a case answered, as one canonical line of JSON: the patch, the warnings and the refusal. */
    static String answer(MutationResult result) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.set("patch", result.patch());
        answer.set("warnings", Json.mapper().valueToTree(result.warnings()));
        answer.put("refusal", result.refusal().orElse(null));
        return Json.write(answer);
    }

    private static String digest(String answer) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(answer.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A case as text, for a failure message or a debugger. */
    static String describe(int seed) {
        Case c = Case.of(seed);
        return "seed " + seed + ", " + c.role() + " pod " + c.pod().path("metadata").path("name").asText()
                + "\n--- app\n" + c.appYaml() + "--- policy\n" + c.policyYaml() + "--- answer\n" + answer(c.run());
    }

    @Test
    void everyRandomAppAndPolicyGetsTheRecordedPatch() throws IOException {
        List<String> lines = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        int refused = 0;
        int patched = 0;
        for (int seed = 0; seed < CASES; seed++) {
            MutationResult result = Case.of(seed).run();
            String line = seed + " " + digest(answer(result));
            lines.add(line);
            distinct.add(line.substring(line.indexOf(' ') + 1));
            refused += result.refused() ? 1 : 0;
            patched += result.patch().size() > 0 ? 1 : 0;
        }
        // The generators must reach refusals, patches and many distinct answers, or the record proves little.
        assertThat(refused).isPositive();
        assertThat(patched).isGreaterThan(CASES / 2);
        assertThat(distinct).hasSizeGreaterThan(CASES * 9 / 10);
        if (Boolean.getBoolean("sparkgate.golden.write")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, lines);
            return;
        }
        List<String> golden = Files.readAllLines(GOLDEN);
        assertThat(golden).as("recorded cases").hasSize(CASES);
        for (int seed = 0; seed < CASES; seed++) {
            if (!golden.get(seed).equals(lines.get(seed))) {
                throw new AssertionError("the pipeline's answer changed for " + describe(seed)
                        + "\n(recorded " + golden.get(seed) + ", now " + lines.get(seed) + ")");
            }
        }
    }
}
