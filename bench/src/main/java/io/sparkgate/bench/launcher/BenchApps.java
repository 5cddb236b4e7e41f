package io.sparkgate.bench.launcher;

import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SparkApplications the benchmark submits (a JVM and a PySpark shape with resources, labels, secrets, volumes)
 * and, for the golden fixtures, three more with dependencies of every kind and every resource field.
 */
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

    // issue 15: every deps list (jars, files, pyFiles, packages, excludePackages, repositories, archives), sparkConf
    // keys a typed field overrides, and every resource field in the forms kubeflow's docs use.
    private static final String JAVA_DEPS = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS, labels: {cost-center: cc-42}}
            spec:
              type: Java
              mode: cluster
              image: apache/spark:4.1.1
              imagePullPolicy: IfNotPresent
              mainClass: org.apache.spark.examples.SparkPi
              mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
              arguments: ["10"]
              sparkVersion: 4.1.1
              sparkConf:
                spark.jars: local:///opt/spark/jars/ignored.jar
                spark.executor.memory: 1g
                spark.sql.shuffle.partitions: "64"
              hadoopConf: {fs.defaultFS: "hdfs://nn:8020", dfs.replication: "2"}
              deps:
                jars: ["local:///opt/jars/first.jar", "https://repo.example.org/jars/second.jar"]
                files: ["local:///opt/conf/app.conf", "https://repo.example.org/files/lookup.csv"]
                archives: ["local:///opt/data/env.tar.gz#env"]
              driver:
                cores: 1
                coreRequest: 500m
                coreLimit: "1"
                memory: 1g
                memoryOverhead: 384m
                memoryLimit: 2Gi
                javaOptions: "-XX:+UseG1GC -Dlog4j.configuration=file:/opt/log4j.properties"
                labels: {tier: batch}
                annotations: {owner: data-eng}
                env: [{name: LOG_LEVEL, value: INFO}]
                envVars: {STAGE: qa}
              executor:
                cores: 2
                coreRequest: "1.5"
                coreLimit: 2000m
                memory: 3g
                memoryOverhead: 1g
                memoryLimit: 5G
                instances: 3
                labels: {tier: batch-exec}
                annotations: {owner: data-eng}
                envVars: {STAGE: qa}
                javaOptions: "-XX:+UseParallelGC"
            """;
    private static final String PYTHON_DEPS = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS}
            spec:
              type: Python
              pythonVersion: "3"
              mode: cluster
              image: apache/spark:4.1.1
              mainApplicationFile: local:///opt/app/job.py
              arguments: ["--input", "s3a://bucket/in", "--output", "s3a://bucket/out"]
              sparkVersion: 4.1.1
              memoryOverheadFactor: "0.2"
              sparkConf: {spark.submit.pyFiles: local:///opt/app/ignored.zip, spark.sql.adaptive.enabled: "true"}
              deps:
                pyFiles: ["local:///opt/app/lib.zip", "local:///opt/app/util.py", "https://repo.example.org/py/extra.egg"]
                files: ["local:///opt/app/settings.json"]
                jars: ["local:///opt/jars/udf.jar"]
                archives: ["local:///opt/app/venv.tar.gz#environment", "https://repo.example.org/data/ref.zip#ref"]
              driver:
                cores: 1
                coreLimit: 1500m
                memory: 1536m
                memoryLimit: 2048m
                serviceAccount: spark-py
                labels: {app.kubernetes.io/part-of: etl}
                annotations: {prometheus.io/scrape: "false"}
                envVars: {PYSPARK_MODE: batch}
              executor:
                cores: 1
                coreRequest: 800m
                memory: 2g
                memoryOverhead: 512m
                memoryLimit: 4Gi
                instances: 2
                deleteOnTermination: false
                envVars: {PYSPARK_MODE: batch}
            """;
    private static final String SCALA_PACKAGES = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS}
            spec:
              type: Scala
              mode: cluster
              image: apache/spark:4.1.1
              mainClass: org.apache.spark.examples.SparkPi
              mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
              sparkVersion: 4.1.1
              sparkConf: {spark.jars.packages: "org.example:ignored:1.0", spark.executor.instances: "9"}
              hadoopConf: {fs.s3a.endpoint: "http://minio:9000"}
              deps:
                jars: ["local:///opt/jars/a.jar"]
                packages: ["org.apache.commons:commons-text:1.14.0"]
                excludePackages: ["org.apache.commons:commons-lang3"]
                repositories: ["https://repo1.maven.org/maven2/"]
                files: ["local:///opt/conf/a.conf", "local:///opt/conf/b.conf"]
                pyFiles: ["local:///opt/py/helpers.zip"]
              driver:
                cores: 2
                coreRequest: "1"
                memory: 2g
                memoryOverhead: "512"
                memoryLimit: 10Gi
                podName: packages-driver
                envVars: {A: "1", B: "2"}
              executor:
                cores: 4
                coreLimit: "4"
                memory: 8g
                memoryLimit: 12g
                instances: 1
                annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}
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

    /**
     * The inputs of the golden fixtures, {@code <prefix>-0000} to {@code -0005}: the first three as
     * {@link #apps} names them, then the three with dependencies of every kind.
     */
    static List<SparkApplication> goldenApps(String prefix) {
        List<SparkApplication> out = new ArrayList<>(apps(3, prefix));
        List<String> shapes = List.of(JAVA_DEPS, PYTHON_DEPS, SCALA_PACKAGES);
        for (int i = 0; i < shapes.size(); i++) {
            String yaml = shapes.get(i).replace("NAME", String.format(Locale.ROOT, "%s-%04d", prefix, i + 3))
                    .replace("NS", prefix);
            out.add(Json.read(yaml, SparkApplication.class));
        }
        return out;
    }
}
