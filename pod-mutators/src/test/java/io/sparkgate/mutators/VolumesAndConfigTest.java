package io.sparkgate.mutators;

import static io.sparkgate.mutators.Harness.app;
import static io.sparkgate.mutators.Harness.assertPatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.v1beta2.SparkRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Volumes, ConfigMaps and Secrets on the real Spark 4.1.1 pods. */
class VolumesAndConfigTest {

    @Test
    void onlyVolumesTheRoleMountsAreAddedAndSparksOwnAreRecognised() {
        var out = Harness.run(List.of(new VolumesMutator()), SparkRole.DRIVER, app("""
                volumes:
                  - {name: data, persistentVolumeClaim: {claimName: etl-data}}
                  - {name: extra, emptyDir: {}}
                  - {name: executors-only, emptyDir: {}}
                driver:
                  volumeMounts:
                    - {name: data, mountPath: /data}
                    - {name: extra, mountPath: /extra}
                    - {name: extra, mountPath: /extra-again, subPath: b}
                    - {name: spark-local-dir-1, mountPath: /tmp/local}
                """), Harness.driver());
        // "data" is the volume Spark already made from spark.kubernetes.driver.volumes.*: same claim, same path.
        assertPatch(out, """
                [{"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/extra","name":"extra"}},
                 {"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/extra-again","name":"extra","subPath":"b"}},
                 {"op":"add","path":"/spec/volumes/-","value":{"emptyDir":{},"name":"extra"}}]""");
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void aMountNamingNoVolumeIsNotSentToTheApiServer() {
        var out = Harness.run(List.of(new VolumesMutator()), SparkRole.EXECUTOR, app("""
                executor:
                  volumeMounts: [{name: nowhere, mountPath: /x}]
                """), Harness.executor());
        assertThat(out.patch()).isEmpty();
        assertThat(out.warnings()).containsExactly("spec.executor.volumeMounts[0]: names volume \"nowhere\", which"
                + " is neither in spec.volumes nor in the pod: not mounted");
    }

    @Test
    void aVolumeAtAPathSparkUsesKeepsSparksMount() {
        var out = Harness.run(List.of(new VolumesMutator()), SparkRole.DRIVER, app("""
                volumes: [{name: conf, configMap: {name: mine}}]
                driver:
                  volumeMounts: [{name: conf, mountPath: /opt/spark/conf}]
                """), Harness.driver());
        assertThat(out.patch()).isEmpty();
        assertThat(out.warnings()).containsExactly("spec.driver.volumeMounts[0]: the container already mounts"
                + " spark-conf-volume-driver at /opt/spark/conf; the pod's mount is kept and volume conf is not added");
    }

    @Test
    void sparkConfigMapReplacesSparksConfDirInPlace() {
        var out = Harness.run(List.of(new ConfigMapsMutator()), SparkRole.DRIVER, app("""
                sparkConfigMap: my-spark-conf
                hadoopConfigMap: my-hadoop-conf
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"replace","path":"/spec/containers/0/env/6/value","value":"/etc/spark/conf"},
                 {"op":"add","path":"/spec/containers/0/env/-","value":{"name":"HADOOP_CONF_DIR","value":"/etc/hadoop/conf"}},
                 {"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/etc/spark/conf","name":"spark-configmap-volume","readOnly":true}},
                 {"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/etc/hadoop/conf","name":"hadoop-configmap-volume","readOnly":true}},
                 {"op":"add","path":"/spec/volumes/-","value":{"configMap":{"name":"my-spark-conf"},"name":"spark-configmap-volume"}},
                 {"op":"add","path":"/spec/volumes/-","value":{"configMap":{"name":"my-hadoop-conf"},"name":"hadoop-configmap-volume"}}]""");
        assertThat(out.warnings()).containsExactly("spec.sparkConfigMap: replaces the pod's value of env SPARK_CONF_DIR");
    }

    @Test
    void configMapNamesThatAreNotVolumeNamesGetAStableHash() {
        String longName = "a".repeat(70);
        var out = Harness.run(List.of(new ConfigMapsMutator()), SparkRole.EXECUTOR, app("""
                executor:
                  configMaps:
                    - {name: log4j, path: /etc/log4j}
                    - {name: app.settings.v2, path: /etc/app}
                    - {name: %s, path: /etc/long}
                """.formatted(longName)), Harness.executor());
        var volumes = out.patched().path("spec").path("volumes").findValuesAsText("name");
        String dotted = DnsNames.volumeName("app.settings.v2", "-vol");
        String shortened = DnsNames.volumeName(longName, "-vol");
        assertThat(volumes).contains("log4j-vol", dotted, shortened);
        assertThat(dotted).matches("app-settings-v2-[0-9a-f]{8}-vol");
        assertThat(shortened).hasSizeLessThanOrEqualTo(63).endsWith("-vol").startsWith("aaaa");
        assertThat(DnsNames.volumeName("app.settings.v3", "-vol")).isNotEqualTo(dotted);
        assertThat(out.container().path("volumeMounts").findValuesAsText("mountPath"))
                .contains("/etc/log4j", "/etc/app", "/etc/long");
    }

    @Test
    void gcpSecretMatchesSparksOwnVolumeAndSetsCredentials() {
        var out = Harness.run(List.of(new SecretsMutator()), SparkRole.DRIVER, app("""
                driver:
                  secrets:
                    - {name: gcs-key, path: /mnt/secrets/gcs, secretType: GCPServiceAccount}
                    - {name: hdfs-token, path: /mnt/token/, secretType: HadoopDelegationToken}
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"add","path":"/spec/containers/0/env/-","value":{"name":"GOOGLE_APPLICATION_CREDENTIALS","value":"/mnt/secrets/gcs/key.json"}},
                 {"op":"add","path":"/spec/containers/0/env/-","value":{"name":"HADOOP_TOKEN_FILE_LOCATION","value":"/mnt/token/hadoop.token"}},
                 {"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/mnt/token/","name":"hdfs-token-volume"}},
                 {"op":"add","path":"/spec/volumes/-","value":{"name":"hdfs-token-volume","secret":{"secretName":"hdfs-token"}}}]""");
    }

    @Test
    void typedSecretThatCannotBeMountedRefusesThePod() {
        var chain = new MutationChain(SparkAppMutators.all());
        var context = new MutationContext("team-a", SparkRole.DRIVER, app("""
                sparkConfigMap: conf
                driver:
                  secrets: [{name: other-key, path: /data, secretType: GCPServiceAccount}]
                """));
        MutationResult result = chain.run(context, Harness.driver());
        assertThat(result.refused()).isTrue();
        assertThat(result.patch()).isEmpty();
        assertThat(result.refusal()).hasValueSatisfying(m -> assertThat(m).startsWith(
                "spec.driver.secrets[0]: Secret other-key of type GCPServiceAccount cannot be mounted at /data"));
        assertThat(result.warnings()).contains("spec.driver.secrets[0]: the container already mounts data at /data;"
                + " the pod's mount is kept and volume other-key-volume is not added");
    }

    @Test
    void genericSecretConflictOnlyWarns() {
        var out = Harness.run(List.of(new SecretsMutator()), SparkRole.DRIVER, app("""
                driver:
                  secrets: [{name: other, path: /data, secretType: Generic}]
                """), Harness.driver());
        assertThat(out.result().refused()).isFalse();
        assertThat(out.patch()).isEmpty();
        assertThat(out.warnings()).hasSize(1);
    }
}
