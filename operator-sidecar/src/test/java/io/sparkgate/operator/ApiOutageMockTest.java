package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.informers.InformerMonitor;
import io.sparkgate.operator.crd.CrdGenerator;
import io.sparkgate.testing.apiserver.ApiEmulation;
import io.sparkgate.testing.apiserver.IndexedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator through API server outages (issue 20), against the API emulation: wiped, its gauges count only the
 * apps that exist; restored from a snapshot, no app loses its driver or gets a second one.
 */
class ApiOutageMockTest {
    private ApiEmulation api;
    private KubernetesClient client;
    private Operator operator;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        api = ApiEmulation.builder().bookmarkInterval(Duration.ofMillis(200)).start();
        // Retries as fabric8's defaults do: a restart closes connections the client may be about to reuse.
        client = api.newClient(c -> c.withWatchReconnectInterval(50).withRequestTimeout(1_000)
                .withRequestRetryBackoffLimit(3).withRequestRetryBackoffInterval(50));
        installCrds();
        operator = new Operator(client, OperatorConfig.defaults("outage").withInformerCheckPeriod(
                Duration.ofMillis(100)), new DriverOnlySubmitter(client), AppValidator.builtInRules(), registry,
                Clock.systemUTC(), new Random(5));
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.stop();
        api.close();
    }

    @Test
    void wipedTheOperatorCountsOnlyTheAppsThatExistAgain() throws Exception {
        for (int i = 0; i < 5; i++) {
            create("before-" + i);
        }
        await("5 SUBMITTED", () -> apps("SUBMITTED") == 5);

        api.startEmpty();
        installCrds();
        create("after");

        await("only the app created after the wipe", () -> apps("SUBMITTED") == 1 && total() == 1);
        assertThat(drivers("after")).isEqualTo(1);
        await("the caches current", () -> registry.find(InformerMonitor.GAUGE).gauges().stream()
                .allMatch(g -> g.value() < 1.0) && registry.find(InformerMonitor.GAUGE).gauges().size() == 3);
    }

    @Test
    void restoredFromASnapshotNoAppIsSubmittedTwiceOrLost() throws Exception {
        for (int i = 0; i < 3; i++) {
            create("app-" + i);
        }
        await("3 SUBMITTED", () -> apps("SUBMITTED") == 3);
        IndexedStore.Snapshot backup = api.snapshot();

        api.startFrom(backup, ApiEmulation.Revisions.CONTINUE);
        create("app-3");

        await("4 SUBMITTED", () -> apps("SUBMITTED") == 4 && total() == 4);
        for (int i = 0; i < 4; i++) {
            assertThat(drivers("app-" + i)).as("drivers of app-" + i).isEqualTo(1);
        }
        assertThat(registry.get("sparkgate.operator.submissions").tag("outcome", "submitted").counter().count())
                .isEqualTo(4.0);
    }

    private void installCrds() throws Exception {
        for (String file : new String[] {CrdGenerator.SPARK_APPLICATIONS, CrdGenerator.SCHEDULED}) {
            client.apiextensions().v1().customResourceDefinitions().resource(Json.yaml().readValue(
                    Files.readString(Path.of("..", file)), CustomResourceDefinition.class)).create();
        }
    }

    private void create(String name) {
        SparkApplication app = Json.read(Apps.sparkPi(name), SparkApplication.class);
        client.resources(SparkApplication.class).inNamespace("team-a").resource(app).create();
    }

    private int drivers(String app) {
        return client.pods().inNamespace("team-a").withLabel(SparkLabels.APP_NAME, app)
                .withLabel(SparkLabels.SPARK_ROLE, "driver").list().getItems().size();
    }

    private double apps(String state) {
        return registry.get("sparkgate.operator.apps").tag("state", state).gauge().value();
    }

    private double total() {
        return registry.find("sparkgate.operator.apps").gauges().stream().mapToDouble(Gauge::value).sum();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 20 s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
