package io.sparkgate.mutators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Pods of odd shapes, as a hostile or buggy client can send them: absent structures (no metadata, no spec, no
 * containers, null lists) are mutated without any mutator failing, and a pod without containers gets no container
 * mutation and a warning; trees that cannot be read as a Pod (a string where a list belongs, a null entry) are
 * reported as invalid, naming the field, never thrown.
 */
class DegeneratePodsTest {
    /** Every app-driven mutator has something to do. */
    private static final SparkApplication RICH = Harness.app("""
            sparkConfigMap: conf
            hadoopConfigMap: hadoop
            nodeSelector: {zone: a}
            batchScheduler: volcano
            volumes: [{name: data, emptyDir: {}}]
            monitoring: {exposeDriverMetrics: true, exposeExecutorMetrics: true, prometheus: {jmxExporterJar: /j.jar, port: 8090}}
            driver:
              cores: 2
              coreLimit: "3"
              memory: 2g
              labels: {team: a}
              annotations: {example.com/owner: x}
              env: [{name: STAGE, value: prod}]
              envVars: {REGION: eu}
              envSecretKeyRefs: {TOKEN: {name: s, key: k}}
              envFrom: [{secretRef: {name: a}}]
              volumeMounts: [{name: data, mountPath: /data}]
              configMaps: [{name: log4j, path: /etc/log4j}]
              secrets: [{name: gcs-key, path: /mnt/secrets/gcs, secretType: GCPServiceAccount}]
              tolerations: [{key: a, operator: Exists}]
              gpu: {name: nvidia.com/gpu, quantity: 1}
              memoryLimit: 4g
              ports: [{name: metrics, containerPort: 9100}]
              sidecars: [{name: proxy, image: "i:1"}]
              initContainers: [{name: fetch, image: "i:1"}]
              securityContext: {runAsUser: 185}
              podSecurityContext: {fsGroup: 185}
              priorityClassName: high
              schedulerName: yunikorn
              dnsConfig: {nameservers: [10.0.0.1]}
              hostAliases: [{ip: 10.0.0.1, hostnames: [h]}]
              lifecycle: {preStop: {exec: {command: [sleep, "1"]}}}
            """);

    @Test
    void absentStructuresAreMutatedWithoutAnyMutatorFailing() {
        Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
        edits.put("no metadata", pod -> pod.remove("metadata"));
        edits.put("null metadata", pod -> pod.putNull("metadata"));
        edits.put("null labels", pod -> meta(pod).putNull("labels"));
        edits.put("null annotations", pod -> meta(pod).putNull("annotations"));
        edits.put("null owner references", pod -> meta(pod).putNull("ownerReferences"));
        edits.put("no spec", pod -> pod.remove("spec"));
        edits.put("null spec", pod -> pod.putNull("spec"));
        edits.put("no containers", pod -> spec(pod).remove("containers"));
        edits.put("null containers", pod -> spec(pod).putNull("containers"));
        edits.put("empty containers", pod -> spec(pod).putArray("containers"));
        edits.put("null volumes", pod -> spec(pod).putNull("volumes"));
        edits.put("null tolerations", pod -> spec(pod).putNull("tolerations"));
        edits.put("null node selector", pod -> spec(pod).putNull("nodeSelector"));
        edits.put("null env", pod -> container(pod).putNull("env"));
        edits.put("null envFrom", pod -> container(pod).putNull("envFrom"));
        edits.put("null mounts", pod -> container(pod).putNull("volumeMounts"));
        edits.put("null ports", pod -> container(pod).putNull("ports"));
        edits.put("null args", pod -> container(pod).putNull("args"));
        edits.put("null resources", pod -> container(pod).putNull("resources"));
        edits.put("null requests", pod -> ((ObjectNode) container(pod).path("resources")).putNull("requests"));
        edits.put("no container name", pod -> container(pod).remove("name"));
        edits.put("env entry without name", pod -> ((ObjectNode) container(pod).path("env").get(0)).remove("name"));
        edits.put("volume without name", pod -> ((ObjectNode) spec(pod).path("volumes").get(0)).remove("name"));
        for (var edit : edits.entrySet()) {
            for (SparkRole role : SparkRole.values()) {
                ObjectNode pod = (ObjectNode) (role == SparkRole.DRIVER ? Harness.driver() : Harness.executor());
                edit.getValue().accept(pod);
                JsonNode before = pod.deepCopy();
                MutationResult result = new MutationChain(SparkAppMutators.all())
                        .run(new MutationContext("team-a", role, RICH), pod);
                String what = edit.getKey() + " (" + role.label() + ")";
                assertThat(result.invalid()).as(what).isEmpty();
                assertThat(result.refusal()).as(what + ": no mutator fails").isEmpty();
                assertThat(pod).as(what + ": the admitted pod is untouched").isEqualTo(before);
                JsonNode patched = Harness.apply(result.patch(), pod);
                assertThat(Harness.normal(patched)).as(what).isEqualTo(Harness.normal(result.mutated()));
            }
        }
    }

    @Test
    void aPodWithoutContainersGetsNoContainerMutationAndAWarning() {
        ObjectNode pod = (ObjectNode) Harness.driver();
        spec(pod).putArray("containers");
        MutationResult result = new MutationChain(SparkAppMutators.all())
                .run(new MutationContext("team-a", SparkRole.DRIVER, RICH), pod);

        assertThat(result.refused()).isFalse();
        assertThat(result.warnings()).contains("spec.driver.env: the pod has no container to apply it to");
        JsonNode patched = Harness.apply(result.patch(), pod);
        assertThat(patched.path("spec").path("containers")).as("no container invented").isEmpty();
        // Pod-level settings still apply.
        assertThat(patched.path("metadata").path("labels").path("team").asText()).isEqualTo("a");
        assertThat(patched.path("spec").path("nodeSelector").path("zone").asText()).isEqualTo("a");
    }

    @Test
    void aTreeThatIsNotAPodIsInvalidNamingTheField() {
        ObjectNode containersAsString = (ObjectNode) Harness.driver();
        spec(containersAsString).put("containers", "not a list");
        ObjectNode nullContainer = (ObjectNode) Harness.driver();
        ((com.fasterxml.jackson.databind.node.ArrayNode) spec(nullContainer).path("containers")).addNull();
        ObjectNode portAsText = (ObjectNode) Harness.driver();
        ((ObjectNode) container(portAsText).path("ports").get(0)).put("containerPort", "x");
        ObjectNode nullEnv = (ObjectNode) Harness.driver();
        ((com.fasterxml.jackson.databind.node.ArrayNode) container(nullEnv).path("env")).insertNull(1);

        assertThat(invalid(containersAsString)).startsWith("spec.containers: ")
                .contains("expected an array, got a string");
        assertThat(invalid(nullContainer)).isEqualTo("spec.containers[1]: a list entry must not be null");
        assertThat(invalid(portAsText)).startsWith("spec.containers[0].ports[0].containerPort: ");
        assertThat(invalid(nullEnv)).isEqualTo("spec.containers[0].env[1]: a list entry must not be null");
    }

    private static String invalid(JsonNode pod) {
        MutationResult result = new MutationChain(SparkAppMutators.all())
                .run(new MutationContext("team-a", SparkRole.DRIVER, RICH), pod);
        assertThat(result.patch()).isEmpty();
        assertThat(result.refusal()).isEmpty();
        return result.invalid().orElseThrow();
    }

    private static ObjectNode meta(ObjectNode pod) {
        return (ObjectNode) pod.path("metadata");
    }

    private static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.path("spec");
    }

    private static ObjectNode container(ObjectNode pod) {
        return (ObjectNode) pod.path("spec").path("containers").get(0);
    }
}
