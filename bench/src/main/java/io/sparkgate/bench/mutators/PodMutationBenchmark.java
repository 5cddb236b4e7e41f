package io.sparkgate.bench.mutators;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.diff.JsonDiff;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.mutators.PatchDiff;
import io.sparkgate.mutators.SparkAppMutators;
import io.sparkgate.testing.SparkFixtures;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mutating the real {@code python-rich} driver pod Spark 4.1.1 created with a SparkApplication that sets 15
 * fields: the whole chain (JSON tree → fabric8 Pod → mutators → tree → RFC 6902 patch), and the diff step alone
 * with our {@link PatchDiff} and with json-patch's {@code JsonDiff}, the baseline it replaced. One thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PodMutationBenchmark {
    /** The app: 15 fields across the spec, as a typical production SparkApplication sets them. */
    static final String APP = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: etl-daily, namespace: team-a, uid: 5f0c9a56-1d2e-4c1b-9f57-0a4c2b7e9d11}
            spec:
              type: Python
              sparkConfigMap: etl-spark-conf
              hadoopConfigMap: etl-hadoop-conf
              nodeSelector: {pool: spark}
              volumes: [{name: extra, emptyDir: {}}]
              monitoring: {exposeDriverMetrics: true, prometheus: {jmxExporterJar: /prometheus/jmx.jar}}
              driver:
                labels: {team: a, example.com/cost-center: "42"}
                annotations: {owner: data-eng}
                volumeMounts: [{name: extra, mountPath: /extra}]
                env: [{name: STAGE, value: prod}, {name: LOG_LEVEL, value: INFO}]
                envSecretKeyRefs: {API_TOKEN: {name: api, key: token}}
                secrets: [{name: gcs-key, path: /mnt/secrets/gcs, secretType: GCPServiceAccount}]
                tolerations: [{key: spark, operator: Exists, effect: NoSchedule}]
                gpu: {name: nvidia.com/gpu, quantity: 1}
                memoryLimit: 4g
                securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}
                priorityClassName: batch-high
            """;

    private MutationChain chain;
    private SparkApplication app;
    private JsonNode pod;
    private JsonNode mutated;

    /** Loads the fixture pod (../shared unless {@code sparkgate.shared} says otherwise) and the app. */
    @Setup
    public void setUp() {
        if (System.getProperty("sparkgate.shared") == null) {
            System.setProperty("sparkgate.shared", "../shared");
        }
        pod = SparkFixtures.podJson(SparkFixtures.PYTHON_RICH);
        app = Json.read(APP, SparkApplication.class);
        chain = SparkAppMutators.chain();
        MutationResult result = mutate();
        if (!result.changed() || result.refused()) {
            throw new IllegalStateException("the benchmark app must change the pod: " + result.warnings());
        }
        mutated = Json.mapper().valueToTree(result.mutated());
    }

    /** The whole mutation of one admitted driver pod. */
    @Benchmark
    public MutationResult mutate() {
        return chain.run(new MutationContext("team-a", SparkRole.DRIVER, app), pod);
    }

    /** The diff step alone, with sparkgate's PatchDiff. */
    @Benchmark
    public JsonNode diffPatchDiff() {
        return PatchDiff.diff(pod, mutated);
    }

    /** The diff step alone, with json-patch's JsonDiff (the baseline). */
    @Benchmark
    public JsonNode diffJsonDiff() {
        return JsonDiff.asJson(pod, mutated);
    }
}
