package io.sparkgate.mutators;

import static io.sparkgate.mutators.Harness.assertPatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.testing.SparkFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event-log volume annotation, checked against the configuration Spark 4.1.1's driver actually reads. */
class EventLogVolumeTest {

    private static SparkApplication annotated(String annotations) {
        return Json.read("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata:
                  name: etl-daily
                  namespace: team-a
                  uid: uid-1
                  annotations: {%s}
                spec: {type: Python}
                """.formatted(annotations), SparkApplication.class);
    }

    private static Harness.Outcome run(SparkRole role, SparkApplication app, JsonNode pod) {
        return Harness.run(List.of(new EventLogVolumeMutator()), role, app, pod);
    }

    private static List<String> args(JsonNode pod) {
        List<String> args = new ArrayList<>();
        pod.path("spec").path("containers").get(0).path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    @Test
    void claimIsMountedAndTheArgsCarryTheEventLogSettings() {
        var out = run(SparkRole.DRIVER, annotated("sparkgate.io/event-log-volume: spark-history"), Harness.driver());
        assertPatch(out, """
                [{"op":"replace","path":"/spec/containers/0/args","value":["driver","--properties-file",
                   "/opt/spark/conf/spark.properties","--class","org.apache.spark.deploy.PythonRunner",
                   "--conf","spark.eventLog.enabled=true","--conf","spark.eventLog.dir=file:/mnt/spark-events",
                   "local:///opt/app/etl.py","--date","2026-11-21"]},
                 {"op":"add","path":"/spec/containers/0/volumeMounts/-","value":{"mountPath":"/mnt/spark-events","name":"sparkgate-event-log"}},
                 {"op":"add","path":"/spec/volumes/-","value":{"name":"sparkgate-event-log","persistentVolumeClaim":{"claimName":"spark-history"}}}]""");
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void theDriverReadsTheSettingsEvenWhenItsPropertiesFileSaysOtherwise() {
        var out = run(SparkRole.DRIVER, annotated(
                "sparkgate.io/event-log-volume: spark-history, sparkgate.io/event-log-dir: /history"),
                Harness.driver());
        String properties = SparkFixtures.configMap(SparkFixtures.PYTHON_RICH).getData().get("spark.properties")
                + "spark.eventLog.enabled=false\nspark.eventLog.dir=s3a\\://bucket/events\n";
        Map<String, String> conf = SparkSubmitModel.effectiveConf(args(out.patched()), properties);
        assertThat(conf).containsEntry("spark.eventLog.enabled", "true")
                .containsEntry("spark.eventLog.dir", "file:/history")
                // the rest of what Spark wrote still reaches the driver
                .containsEntry("spark.app.name", "etl-daily").containsEntry("spark.driver.memory", "2g");
        assertThat(SparkSubmitModel.effectiveConf(args(Harness.driver()), properties))
                .containsEntry("spark.eventLog.enabled", "false");
        assertThat(out.container().path("volumeMounts").findValuesAsText("mountPath")).contains("/history");
    }

    @Test
    void worksOnTheJavaDriverToo() {
        JsonNode pod = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        var out = run(SparkRole.DRIVER, annotated("sparkgate.io/event-log-volume: spark-history"), pod);
        String properties = SparkFixtures.configMap(SparkFixtures.JAVA_SPARK_PI).getData().get("spark.properties");
        Map<String, String> conf = SparkSubmitModel.effectiveConf(args(out.patched()), properties);
        assertThat(conf).containsEntry("spark.eventLog.enabled", "true")
                .containsEntry("spark.eventLog.dir", "file:/mnt/spark-events");
        assertThat(args(out.patched())).endsWith("local:///opt/spark/examples/jars/spark-examples.jar", "1000");
    }

    @Test
    void executorsAndUnannotatedAppsAreLeftAlone() {
        assertThat(run(SparkRole.EXECUTOR, annotated("sparkgate.io/event-log-volume: h"), Harness.executor()).patch())
                .isEmpty();
        assertThat(run(SparkRole.DRIVER, annotated("other: x"), Harness.driver()).patch()).isEmpty();
    }

    @Test
    void allOrNothingWhenTheDriverCannotBeToldOrTheInputIsBad() {
        var pod = (com.fasterxml.jackson.databind.node.ObjectNode) Harness.driver();
        ((com.fasterxml.jackson.databind.node.ObjectNode) pod.path("spec").path("containers").get(0))
                .putArray("args").add("/opt/custom-entrypoint.sh");
        var custom = run(SparkRole.DRIVER, annotated("sparkgate.io/event-log-volume: h"), pod);
        assertThat(custom.patch()).isEmpty();
        assertThat(custom.warnings()).singleElement().asString().contains("does not run Spark's entrypoint");
        var badClaim = run(SparkRole.DRIVER, annotated("sparkgate.io/event-log-volume: Not_A_Claim"),
                Harness.driver());
        assertThat(badClaim.patch()).isEmpty();
        assertThat(badClaim.warnings()).containsExactly("metadata.annotations[sparkgate.io/event-log-volume]:"
                + " \"Not_A_Claim\" is not a valid PersistentVolumeClaim name: no event log volume");
        var taken = run(SparkRole.DRIVER, annotated(
                "sparkgate.io/event-log-volume: h, sparkgate.io/event-log-dir: /data"), Harness.driver());
        assertThat(taken.patch()).isEmpty();
        assertThat(taken.warnings()).singleElement().asString().contains("already mounts data at /data");
    }
}
