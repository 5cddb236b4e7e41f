package io.sparkgate.mutators;

import static io.sparkgate.mutators.Harness.app;
import static io.sparkgate.mutators.Harness.assertPatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.spark.MemoryLimit;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Env, resources, ports, containers, pod settings and Prometheus on the real Spark 4.1.1 pods. */
class ContainerSettingsTest {

    @Test
    void envOfEveryKindWithTheAppsValueReplacingInPlace() {
        var out = Harness.run(List.of(new EnvMutator()), SparkRole.DRIVER, app("""
                driver:
                  envVars: {REGION: eu}
                  envSecretKeyRefs: {API_TOKEN: {name: api, key: token}}
                  env:
                    - {name: STAGE, value: dev}
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                  envFrom: [{configMapRef: {name: common-env}}]
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"replace","path":"/spec/containers/0/env/2/value","value":"dev"},
                 {"op":"add","path":"/spec/containers/0/env/-","value":{"name":"REGION","value":"eu"}},
                 {"op":"add","path":"/spec/containers/0/env/-","value":{"name":"API_TOKEN","valueFrom":{"secretKeyRef":{"key":"token","name":"api"}}}},
                 {"op":"add","path":"/spec/containers/0/env/-","value":{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}},
                 {"op":"add","path":"/spec/containers/0/envFrom","value":[{"configMapRef":{"name":"common-env"}}]}]""");
        assertThat(out.warnings()).containsExactly("spec.driver.env[0]: replaces the pod's value of env STAGE");
    }

    @Test
    void envThatSparkAlreadySetIsNotAddedTwice() {
        var out = Harness.run(List.of(new EnvMutator()), SparkRole.DRIVER, app("""
                driver:
                  envVars: {STAGE: prod}
                  envSecretKeyRefs: {DB_PASSWORD: {name: db-creds, key: password}}
                """), Harness.driver());
        assertThat(out.patch()).isEmpty();
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void gpuAndMemoryLimitWithPointerEscaping() {
        var out = Harness.run(List.of(new ResourcesMutator()), SparkRole.EXECUTOR, app("""
                executor:
                  gpu: {name: nvidia.com/gpu, quantity: 2}
                  memoryLimit: 2g
                """), Harness.executor());
        assertPatch(out, """
                [{"op":"replace","path":"/spec/containers/0/resources/limits/memory","value":"2Gi"},
                 {"op":"add","path":"/spec/containers/0/resources/limits/nvidia.com~1gpu","value":"2"}]""");
        assertThat(out.warnings()).containsExactly("spec.executor.memoryLimit: replaces the pod's memory 1408Mi");
    }

    @ParameterizedTest(name = "{0} on the {1}")
    @CsvSource({
        // kubeflow's docs and tests: Kubernetes quantities taken as written
        "10Gi, DRIVER, 10Gi", "4Gi, EXECUTOR, 4Gi", "1536Mi, EXECUTOR, 1536Mi", "3Gi, DRIVER, 3Gi",
        // Java suffixes in any case become the binary unit with the same number
        "2G, EXECUTOR, 2Gi", "4096m, DRIVER, 4096Mi", "3gb, DRIVER, 3Gi", "1.5g, EXECUTOR, 1.5Gi",
        "2097152K, EXECUTOR, 2097152Ki", "1t, EXECUTOR, 1Ti",
        // a bare number is bytes, as a Kubernetes quantity; an exponent too
        "3221225472, DRIVER, 3221225472", "5e9, DRIVER, 5e9"})
    void everyMemoryLimitFormKubeflowAcceptsSetsTheLimit(String value, SparkRole role, String limit) {
        String field = role == SparkRole.DRIVER ? "driver" : "executor";
        var out = Harness.run(List.of(new ResourcesMutator()), role, app(field + ": {memoryLimit: \"" + value + "\"}"),
                role == SparkRole.DRIVER ? Harness.driver() : Harness.executor());
        assertPatch(out, "[{\"op\":\"replace\",\"path\":\"/spec/containers/0/resources/limits/memory\",\"value\":\""
                + limit + "\"}]");
        assertThat(out.warnings()).singleElement().asString().startsWith("spec." + field + ".memoryLimit: replaces");
    }

    @Test
    void resourcesTheApiServerWouldRejectAreSkippedWithWarnings() {
        var out = Harness.run(List.of(new ResourcesMutator()), SparkRole.DRIVER, app("""
                driver:
                  gpu: {name: gpu, quantity: 1}
                  memoryLimit: 1g
                """), Harness.driver());
        assertThat(out.patch()).isEmpty();
        assertThat(out.warnings()).containsExactly(
                "spec.driver.gpu.name: \"gpu\" is not an extended resource name such as nvidia.com/gpu: no GPU limit set",
                "spec.driver.memoryLimit: 1Gi is below the pod's memory request 2867Mi, which the API server"
                        + " refuses: no memory limit set");
        var malformed = Harness.run(List.of(new ResourcesMutator()), SparkRole.DRIVER, app("""
                driver: {memoryLimit: 4 gigs}
                """), Harness.driver());
        assertThat(malformed.patch()).isEmpty();
        assertThat(malformed.warnings()).singleElement().asString()
                .isEqualTo("spec.driver.memoryLimit: \"4 gigs\" is not a memory limit; use "
                        + MemoryLimit.ACCEPTED_FORMS + ": no memory limit set");
    }

    @Test
    void portsSecurityContextAndLifecycleOnTheSparkContainer() {
        var out = Harness.run(List.of(new SparkContainerMutator()), SparkRole.EXECUTOR, app("""
                executor:
                  ports:
                    - {name: metrics, containerPort: 9100}
                    - {name: blockmanager, containerPort: 7079}
                    - {name: dup-number, containerPort: 7079, protocol: TCP}
                  securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}
                  lifecycle: {preStop: {exec: {command: [sh, -c, sleep 5]}}}
                """), Harness.executor());
        assertPatch(out, """
                [{"op":"add","path":"/spec/containers/0/ports/-","value":{"containerPort":9100,"name":"metrics","protocol":"TCP"}},
                 {"op":"add","path":"/spec/containers/0/lifecycle","value":{"preStop":{"exec":{"command":["sh","-c","sleep 5"]}}}},
                 {"op":"add","path":"/spec/containers/0/securityContext","value":{"allowPrivilegeEscalation":false,"runAsNonRoot":true}}]""");
        assertThat(out.warnings()).containsExactly("spec.executor.ports[2]: the container already has port"
                + " blockmanager 7079/TCP; the pod's entry is kept and dup-number 7079/TCP is not added");
    }

    @Test
    void sidecarsAndInitContainersWithUniqueNames() {
        var out = Harness.run(List.of(new ContainersMutator()), SparkRole.DRIVER, app("""
                driver:
                  initContainers: [{name: fetch, image: example.com/busybox:1}]
                  sidecars:
                    - {name: proxy, image: example.com/proxy:2}
                    - {name: fetch, image: example.com/other:1}
                    - {name: spark-kubernetes-driver, image: example.com/x:1}
                    - {name: no-image}
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"add","path":"/spec/containers/-","value":{"image":"example.com/proxy:2","name":"proxy"}},
                 {"op":"add","path":"/spec/initContainers","value":[{"image":"example.com/busybox:1","name":"fetch"}]}]""");
        assertThat(out.warnings()).containsExactly(
                "spec.driver.sidecars[1]: the pod already has a container named \"fetch\"; the pod's entry is kept",
                "spec.driver.sidecars[2]: the pod already has a different container \"spark-kubernetes-driver\";"
                        + " the pod's entry is kept",
                "spec.driver.sidecars[3]: a container needs a DNS-label name and an image: skipped");
    }

    @Test
    void podSettingsWithHostNetworkDnsPolicy() {
        var out = Harness.run(List.of(new PodSettingsMutator()), SparkRole.EXECUTOR, app("""
                executor:
                  hostNetwork: true
                  dnsConfig: {nameservers: [10.0.0.10]}
                  hostAliases: [{ip: 10.0.0.1, hostnames: [metastore]}]
                  terminationGracePeriodSeconds: 60
                  shareProcessNamespace: true
                  podSecurityContext: {fsGroup: 185}
                  runtimeClassName: gvisor
                """), Harness.executor());
        assertPatch(out, """
                [{"op":"replace","path":"/spec/terminationGracePeriodSeconds","value":60},
                 {"op":"add","path":"/spec/dnsConfig","value":{"nameservers":["10.0.0.10"]}},
                 {"op":"add","path":"/spec/dnsPolicy","value":"ClusterFirstWithHostNet"},
                 {"op":"add","path":"/spec/hostAliases","value":[{"hostnames":["metastore"],"ip":"10.0.0.1"}]},
                 {"op":"add","path":"/spec/hostNetwork","value":true},
                 {"op":"add","path":"/spec/runtimeClassName","value":"gvisor"},
                 {"op":"add","path":"/spec/securityContext","value":{"fsGroup":185}},
                 {"op":"add","path":"/spec/shareProcessNamespace","value":true}]""");
        assertThat(out.warnings()).containsExactly(
                "spec.executor.terminationGracePeriodSeconds: replaces the pod's own value");
    }

    @Test
    void prometheusConfigVolumeAndExporterPortOnExposedRolesOnly() {
        String spec = """
                monitoring:
                  exposeDriverMetrics: false
                  exposeExecutorMetrics: true
                  prometheus: {jmxExporterJar: /prometheus/jmx.jar}
                """;
        var out = Harness.run(List.of(new PrometheusMutator()), SparkRole.EXECUTOR, app(spec), Harness.executor());
        assertPatch(out, """
                [{"op":"add","path":"/spec/containers/0/ports/-","value":{"containerPort":8090,"name":"jmx-exporter","protocol":"TCP"}},
                 {"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/etc/metrics/conf","name":"app-prom-conf-vol","readOnly":true}},
                 {"op":"add","path":"/spec/volumes/-","value":{"configMap":{"name":"app-prom-conf"},"name":"app-prom-conf-vol"}}]""");
        var driver = Harness.run(List.of(new PrometheusMutator()), SparkRole.DRIVER, app(spec), Harness.driver());
        assertThat(driver.patch()).isEmpty();
    }
}
