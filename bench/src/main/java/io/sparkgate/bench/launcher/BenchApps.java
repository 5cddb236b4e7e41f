package io.sparkgate.bench.launcher;

import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The SparkApplications the benchmark submits: a JVM and a PySpark shape with resources, labels, secrets, volumes. */
final class BenchApps {
    private static final String JAVA = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS}
            spec:
              type: Scala
              mode: cluster
              image: apache/spark:4.1.1
              mainClass: org.apache.spark.examples.SparkPi
              mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
              arguments: ["1000"]
              sparkVersion: 4.1.1
              sparkConf: {spark.eventLog.enabled: "false"}
              hadoopConf: {fs.s3a.path.style.access: "true"}
              volumes: [{name: cache, emptyDir: {}}]
              driver:
                cores: 1
                coreLimit: 1200m
                memory: 512m
                serviceAccount: spark
                labels: {team: a}
                envVars: {STAGE: prod}
                envSecretKeyRefs: {DB_PASSWORD: {name: db-creds, key: password}}
                volumeMounts: [{name: cache, mountPath: /cache}]
              executor: {cores: 2, instances: 2, memory: 2g}
            """;
    private static final String PYTHON = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS}
            spec:
              type: Python
              mode: cluster
              image: apache/spark:4.1.1
              imagePullSecrets: [regcred]
              mainApplicationFile: local:///opt/app/etl.py
              arguments: ["--date", "2026-11-21"]
              sparkVersion: 4.1.1
              nodeSelector: {pool: spark}
              deps: {pyFiles: ["local:///opt/app/lib.zip"]}
              driver:
                cores: 2
                memory: 2g
                annotations: {owner: data-eng}
                secrets: [{name: gcs-key, path: /mnt/secrets/gcs, secretType: GCPServiceAccount}]
              executor: {cores: 2, instances: 4, memory: 4g}
              dynamicAllocation: {enabled: true, minExecutors: 1, maxExecutors: 8}
            """;

    private BenchApps() {
    }

    /** {@code count} apps named {@code <prefix>-NNNN} in namespace {@code <prefix>}, alternating the two shapes. */
    static List<SparkApplication> apps(int count, String prefix) {
        List<SparkApplication> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String yaml = (i % 2 == 0 ? JAVA : PYTHON)
                    .replace("NAME", String.format(Locale.ROOT, "%s-%04d", prefix, i)).replace("NS", prefix);
            out.add(Json.read(yaml, SparkApplication.class));
        }
        return out;
    }
}
