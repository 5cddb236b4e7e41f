package io.sparkgate.operator;

/** SparkApplication manifests for tests. */
final class Apps {
    private Apps() {
    }

    /** kubeflow's Spark Pi, with the given name and restart policy block (YAML, indented 2). */
    static String sparkPi(String name, String restartPolicy) {
        return """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata:
                  name: %s
                spec:
                  type: Scala
                  mode: cluster
                  image: spark:4.1.1
                  mainClass: org.apache.spark.examples.SparkPi
                  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
                  arguments: ["1000"]
                  sparkVersion: 4.1.1
                  restartPolicy:
                %s
                  driver:
                    cores: 1
                    memory: 512m
                    serviceAccount: spark
                  executor:
                    instances: 2
                    cores: 1
                    memory: 512m
                """.formatted(name, restartPolicy.indent(4).stripTrailing());
    }

    static String sparkPi(String name) {
        return sparkPi(name, "type: Never");
    }
}
