package io.sparkgate.bench.launcher;

import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SparkApplications the benchmark submits: a JVM and a PySpark shape with resources, labels, secrets, volumes;
 * and for Spark's own submissions (the golden fixtures) three more shapes with dependencies of every kind.
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

    // Golden shapes (issue 15): every deps list, sparkConf/hadoopConf, env, labels, annotations and resource field.
    // The packages resolve from the local Maven repository, which Spark's Ivy chain searches first.
    private static final String DEPS_SCALA = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS, labels: {cost-center: c42, team: platform}}
            spec:
              type: Scala
              mode: cluster
              image: apache/spark:4.1.1
              imagePullPolicy: IfNotPresent
              mainClass: com.example.etl.Main
              mainApplicationFile: local:///opt/app/etl-assembly.jar
              arguments: ["--input", "s3a://bucket/in", "--partitions", "64"]
              sparkVersion: 4.1.1
              sparkConf:
                spark.sql.shuffle.partitions: "64"
                spark.serializer: org.apache.spark.serializer.KryoSerializer
                spark.executor.cores: "7"
              hadoopConf: {fs.s3a.endpoint: "http://minio.storage:9000", fs.s3a.path.style.access: "true"}
              deps:
                jars: [local:///opt/deps/postgresql.jar, local:///opt/deps/delta-spark.jar]
                files: [local:///opt/conf/app.conf, local:///opt/conf/log4j2.properties]
                packages: ["com.google.code.findbugs:jsr305:3.0.2"]
                excludePackages: ["org.slf4j:slf4j-api"]
                repositories: ["https://maven.example.com/releases"]
                archives: ["local:///opt/deps/geo.zip#geo"]
              driver:
                cores: 1
                coreRequest: 500m
                coreLimit: "1"
                memory: 1g
                memoryOverhead: 512m
                memoryLimit: 2Gi
                serviceAccount: spark
                labels: {team: etl}
                annotations: {owner: data-eng}
                envVars: {STAGE: prod, LOG_LEVEL: info}
              executor:
                cores: 2
                coreRequest: 1500m
                coreLimit: "2"
                instances: 3
                memory: 3g
                memoryOverhead: 1g
                memoryLimit: 5Gi
                labels: {team: etl}
                annotations: {sidecar.istio.io/inject: "false"}
                envVars: {STAGE: prod}
            """;
    private static final String DEPS_PYTHON = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS, labels: {team: analytics}}
            spec:
              type: Python
              pythonVersion: "3"
              mode: cluster
              image: apache/spark:4.1.1
              mainApplicationFile: local:///opt/app/report.py
              arguments: ["--day", "2026-12-01"]
              sparkVersion: 4.1.1
              sparkConf: {spark.sql.adaptive.enabled: "true", spark.driver.memory: 8g}
              hadoopConf: {fs.gs.project.id: analytics-prod}
              memoryOverheadFactor: "0.2"
              deps:
                pyFiles: [local:///opt/app/common.zip, local:///opt/app/models.egg]
                files: [local:///opt/app/settings.yaml]
                jars: [local:///opt/deps/gcs-connector.jar]
                packages: ["com.google.code.findbugs:jsr305:3.0.2"]
                excludePackages: ["org.slf4j:slf4j-api", "log4j:log4j"]
                repositories: ["https://maven.example.com/releases", "https://maven.example.com/snapshots"]
                archives: ["local:///opt/app/venv.tar.gz#environment"]
              driver:
                cores: 2
                coreLimit: 2500m
                memory: 1536m
                memoryLimit: 2G
                labels: {role: report}
                annotations: {owner: analytics, tier: batch}
                envVars: {PYSPARK_PYTHON: ./environment/bin/python}
              executor:
                cores: 1
                coreRequest: 800m
                instances: 2
                memory: 2g
                memoryOverhead: 600m
                memoryLimit: 4096m
                annotations: {tier: batch}
                envVars: {PYSPARK_PYTHON: ./environment/bin/python}
            """;
    private static final String DEPS_JAVA = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: NAME, namespace: NS}
            spec:
              type: Java
              mode: cluster
              image: apache/spark:4.1.1
              mainClass: com.example.Ingest
              mainApplicationFile: local:///opt/app/ingest.jar
              sparkVersion: 4.1.1
              sparkConf: {spark.jars.ivy: /tmp/.ivy2, spark.kubernetes.executor.request.cores: 100m}
              deps:
                jars: [local:///opt/deps/kafka-clients.jar, local:///opt/deps/a.jar, local:///opt/deps/b.jar]
                files: [local:///opt/conf/jaas.conf]
                pyFiles: [local:///opt/app/udfs.py]
                packages: ["com.google.code.findbugs:jsr305:3.0.2", "org.postgresql:postgresql:42.7.13"]
                repositories: ["https://maven.example.com/releases"]
                archives: [local:///opt/deps/dict.tar.gz, local:///opt/deps/models.zip#models]
              driver:
                cores: 1
                coreRequest: "0.5"
                memory: 512m
                memoryOverhead: 384m
                labels: {stage: ingest}
                envVars: {KAFKA_BOOTSTRAP: "kafka:9092"}
              executor:
                cores: 4
                coreLimit: 4000m
                coreRequest: "3"
                instances: 1
                memory: 6g
                memoryOverhead: 2g
                memoryLimit: 10Gi
                labels: {stage: ingest}
                envVars: {KAFKA_BOOTSTRAP: "kafka:9092"}
            """;
    // Spark's submissions: the three golden sets 0000..0002 first (their shapes unchanged), then the deps shapes.
    private static final List<String> SUBMIT_SHAPES = List.of(JAVA, PYTHON, JAVA, DEPS_SCALA, DEPS_PYTHON, DEPS_JAVA);

    private BenchApps() {
    }

    /** {@code count} apps named {@code <prefix>-NNNN} in namespace {@code <prefix>}, alternating the two shapes. */
    static List<SparkApplication> apps(int count, String prefix) {
        return apps(count, prefix, List.of(JAVA, PYTHON));
    }

    /** {@code count} apps for Spark's own submissions, cycling through the shapes of the golden fixtures. */
    static List<SparkApplication> submitApps(int count, String prefix) {
        return apps(count, prefix, SUBMIT_SHAPES);
    }

    private static List<SparkApplication> apps(int count, String prefix, List<String> shapes) {
        List<SparkApplication> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String yaml = shapes.get(i % shapes.size())
                    .replace("NAME", String.format(Locale.ROOT, "%s-%04d", prefix, i)).replace("NS", prefix);
            out.add(Json.read(yaml, SparkApplication.class));
        }
        return out;
    }
}
