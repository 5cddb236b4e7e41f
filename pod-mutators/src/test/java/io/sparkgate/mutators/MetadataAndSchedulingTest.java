package io.sparkgate.mutators;

import static io.sparkgate.mutators.Harness.app;
import static io.sparkgate.mutators.Harness.assertPatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.v1beta2.SparkRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labels, annotations, owner reference and scheduling fields on the real Spark 4.1.1 pods. */
class MetadataAndSchedulingTest {

    @Test
    void ownerReferenceMakesTheAppTheDriversController() {
        var out = Harness.run(List.of(new OwnerReferenceMutator()), SparkRole.DRIVER, app("type: Python"),
                Harness.driver());
        assertPatch(out, """
                [{"op":"add","path":"/metadata/ownerReferences","value":[{"apiVersion":"sparkoperator.k8s.io/v1beta2",
                  "kind":"SparkApplication","name":"app","uid":"uid-1","controller":true,"blockOwnerDeletion":true}]}]""");
    }

    @Test
    void executorsGetNoOwnerReferenceFromTheApp() {
        var out = Harness.run(List.of(new OwnerReferenceMutator()), SparkRole.EXECUTOR, app("type: Scala"),
                Harness.executor());
        assertThat(out.patch()).isEmpty();
    }

    @Test
    void labelsAndAnnotationsWithSlashesAreEscapedAndSparkLabelsKept() {
        var out = Harness.run(List.of(new MetadataMutator()), SparkRole.DRIVER, app("""
                driver:
                  labels: {example.com/tier: gold, team: a, spark-role: executor}
                  annotations: {owner: data-eng, "example.com/cost-center": "42"}
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"add","path":"/metadata/annotations/example.com~1cost-center","value":"42"},
                 {"op":"add","path":"/metadata/labels/example.com~1tier","value":"gold"}]""");
        assertThat(out.warnings()).containsExactly(
                "spec.driver.labels: label spark-role is Spark's own and keeps the pod's value");
    }

    @Test
    void invalidLabelIsSkippedWithAWarningNamingIt() {
        var out = Harness.run(List.of(new MetadataMutator()), SparkRole.DRIVER, app("""
                driver:
                  labels: {ok: "yes", bad: "has spaces"}
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"add","path":"/metadata/labels/ok","value":"yes"}]""");
        assertThat(out.warnings()).singleElement().asString().startsWith("spec.driver.labels.bad: not a valid label");
    }

    @Test
    void schedulingFieldsOnTheExecutor() {
        var out = Harness.run(List.of(new SchedulingMutator()), SparkRole.EXECUTOR, app("""
                nodeSelector: {pool: spark}
                batchScheduler: volcano
                executor:
                  nodeSelector: {disk: ssd}
                  schedulerName: ignored-because-batch-scheduler-wins
                  priorityClassName: batch-low
                  tolerations: [{key: spot, operator: Exists, effect: NoSchedule}]
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
                """), Harness.executor());
        assertPatch(out, """
                [{"op":"add","path":"/spec/affinity","value":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
                   {"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}}},
                 {"op":"add","path":"/spec/nodeSelector","value":{"pool":"spark","disk":"ssd"}},
                 {"op":"add","path":"/spec/priorityClassName","value":"batch-low"},
                 {"op":"add","path":"/spec/schedulerName","value":"volcano"},
                 {"op":"add","path":"/spec/tolerations","value":[{"effect":"NoSchedule","key":"spot","operator":"Exists"}]}]""");
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void priorityClassDropsPriorityAndPreemptionPolicy() {
        var pod = Harness.driver();
        ((com.fasterxml.jackson.databind.node.ObjectNode) pod.path("spec")).put("priority", 1000)
                .put("preemptionPolicy", "Never");
        var out = Harness.run(List.of(new SchedulingMutator()), SparkRole.DRIVER, app("""
                driver: {priorityClassName: high}
                """), pod);
        assertPatch(out, """
                [{"op":"remove","path":"/spec/priority"},{"op":"remove","path":"/spec/preemptionPolicy"},
                 {"op":"add","path":"/spec/priorityClassName","value":"high"}]""");
    }

    @Test
    void appNodeSelectorReplacesTheDriversWithAWarning() {
        var out = Harness.run(List.of(new SchedulingMutator()), SparkRole.DRIVER, app("""
                driver: {nodeSelector: {pool: gpu}}
                """), Harness.driver());
        assertPatch(out, """
                [{"op":"replace","path":"/spec/nodeSelector/pool","value":"gpu"}]""");
        assertThat(out.warnings()).containsExactly("spec.driver.nodeSelector: replaces the pod's node selector pool");
    }
}
