package io.sparkgate.mutators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property test over random combinations of SparkApplication fields, including conflicting and invalid ones, on
 * the real driver and executor pods: the patch applies, nothing is duplicated, a second pass yields nothing (all
 * checked by {@link Harness#run}). Seeded, so a failure names a seed that reproduces it.
 */
class RandomAppsTest {
    private static final int CASES = 300;

    /** Each generator writes one role-level field of the spec YAML; some collide with Spark's own entries. */
    private static final List<Function<Random, String>> ROLE_FIELDS = List.of(
            r -> "labels: {team: " + pick(r, "a", "b") + ", tier: gold, spark-role: x}",
            r -> "annotations: {example.com/owner: " + pick(r, "x", "y") + "}",
            r -> "env: [{name: " + pick(r, "STAGE", "SPARK_CONF_DIR", "NEW", "SPARK_USER") + ", value: v" + r.nextInt(3)
                    + "}]",
            r -> "envVars: {" + pick(r, "STAGE", "REGION") + ": " + pick(r, "prod", "dev") + "}",
            r -> "envSecretKeyRefs: {" + pick(r, "DB_PASSWORD", "TOKEN") + ": {name: s, key: k}}",
            r -> "envFrom: [{secretRef: {name: " + pick(r, "a", "b") + "}}]",
            r -> "volumeMounts: [{name: " + pick(r, "data", "extra", "missing", "spark-local-dir-1") + ", mountPath: "
                    + pick(r, "/data", "/extra", "/opt/spark/conf", "/cache") + "}]",
            r -> "configMaps: [{name: " + pick(r, "log4j", "my.conf", "spark-conf") + ", path: "
                    + pick(r, "/etc/log4j", "/etc/spark/conf", "/data") + "}]",
            r -> "secrets: [{name: " + pick(r, "gcs-key", "tok") + ", path: " + pick(r, "/mnt/secrets/gcs", "/mnt/t")
                    + ", secretType: " + pick(r, "Generic", "GCPServiceAccount", "HadoopDelegationToken") + "}]",
            r -> "tolerations: [{key: " + pick(r, "a", "b") + ", operator: Exists}]",
            r -> "nodeSelector: {pool: " + pick(r, "spark", "gpu") + "}",
            r -> "gpu: {name: " + pick(r, "nvidia.com/gpu", "gpu") + ", quantity: " + (r.nextInt(3) - 1) + "}",
            r -> "memoryLimit: " + pick(r, "512m", "8g", "12x", "4096"),
            r -> "ports: [{name: " + pick(r, "metrics", "blockmanager", "spark-ui") + ", containerPort: "
                    + pick(r, "9100", "7079", "4040") + "}]",
            r -> "sidecars: [{name: " + pick(r, "proxy", "spark-kubernetes-driver", "fetch") + ", image: i:1}]",
            r -> "initContainers: [{name: " + pick(r, "fetch", "init") + ", image: i:1}]",
            r -> "hostNetwork: " + r.nextBoolean(),
            r -> "terminationGracePeriodSeconds: " + pick(r, "30", "60"),
            r -> "securityContext: {runAsUser: " + pick(r, "185", "0") + "}",
            r -> "podSecurityContext: {fsGroup: 185}",
            r -> "priorityClassName: " + pick(r, "high", "low"),
            r -> "schedulerName: " + pick(r, "default-scheduler", "yunikorn"),
            r -> "dnsConfig: {nameservers: [10.0.0." + r.nextInt(2) + "]}",
            r -> "hostAliases: [{ip: 10.0.0.1, hostnames: [h" + r.nextInt(2) + "]}]",
            r -> "lifecycle: {preStop: {exec: {command: [sleep, \"" + r.nextInt(3) + "\"]}}}");

    private static final List<Function<Random, String>> APP_FIELDS = List.of(
            r -> "sparkConfigMap: " + pick(r, "conf", "spark.conf"),
            r -> "hadoopConfigMap: hadoop",
            r -> "nodeSelector: {zone: " + pick(r, "a", "b") + "}",
            r -> "batchScheduler: volcano",
            r -> "volumes: [{name: data, persistentVolumeClaim: {claimName: " + pick(r, "etl-data", "other") + "}},"
                    + " {name: extra, emptyDir: {}}]",
            r -> "monitoring: {exposeDriverMetrics: true, exposeExecutorMetrics: " + r.nextBoolean()
                    + ", prometheus: {jmxExporterJar: /j.jar, port: " + pick(r, "8090", "7079") + "}}");

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    @Test
    void randomAppsOnRealPodsKeepEveryInvariant() {
        int refused = 0;
        int warned = 0;
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            SparkRole role = r.nextBoolean() ? SparkRole.DRIVER : SparkRole.EXECUTOR;
            String yaml = spec(r, role);
            JsonNode pod = role == SparkRole.DRIVER ? Harness.driver() : Harness.executor();
            try {
                var app = Harness.app(yaml);
                var context = new MutationContext("team-a", role, app);
                MutationResult first = new MutationChain(SparkAppMutators.all()).run(context, pod);
                if (first.refused()) {
                    refused++;
                    assertThat(first.patch()).isEmpty();
                    continue;
                }
                var out = Harness.runAll(role, app, pod);
                warned += out.warnings().isEmpty() ? 0 : 1;
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", role " + role + ", spec:\n" + yaml, e);
            }
        }
        // The generators must reach both outcomes, or the test proves less than it claims.
        assertThat(refused).isPositive();
        assertThat(warned).isGreaterThan(CASES / 4);
    }

    private static String spec(Random r, SparkRole role) {
        StringBuilder yaml = new StringBuilder();
        for (Function<Random, String> f : APP_FIELDS) {
            if (r.nextInt(3) == 0) {
                yaml.append(f.apply(r)).append('\n');
            }
        }
        List<String> fields = new ArrayList<>();
        for (Function<Random, String> f : ROLE_FIELDS) {
            if (r.nextInt(3) == 0) {
                fields.add(f.apply(r));
            }
        }
        yaml.append(role.label()).append(":\n");
        fields.forEach(f -> yaml.append("  ").append(f).append('\n'));
        if (fields.isEmpty()) {
            yaml.append("  cores: 1\n");
        }
        return yaml.toString();
    }
}
