package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 1,000 apps (override with {@code -Dsparkgate.scale.apps=N}) submitted (driver pods only) and driven to
 * COMPLETED by simulated driver phases, on the CRUD mock: every app ends COMPLETED with exactly one driver, within
 * a time and heap budget.
 */
class ScaleMockTest {
    private static final int APPS = Integer.getInteger("sparkgate.scale.apps", 1000);

    @Test
    void thousandAppsSubmittedAndCompleted() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            // The subject here is the operator at scale; OperatorMockTest covers the real launcher-core path.
            var submitter = new DriverOnlySubmitter(cluster.client);
            Operator operator = new Operator(cluster.client, OperatorConfig.defaults("scale"), submitter,
                    AppValidator.builtInRules(), new SimpleMeterRegistry(), Clock.systemUTC(), new Random(3));
            operator.start();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                long start = System.nanoTime();
                parallel(pool, i -> cluster.create("ns" + (i % 10), Apps.sparkPi("app-" + i)));
                awaitAll(cluster, ApplicationStateType.SUBMITTED, Duration.ofSeconds(120));
                double submitSeconds = (System.nanoTime() - start) / 1e9;
                List<Pod> drivers = cluster.client.pods().inAnyNamespace()
                        .withLabel(SparkLabels.SPARK_ROLE, "driver").list().getItems();
                assertThat(drivers).hasSize(APPS);
                parallel(pool, i -> {
                    Pod d = drivers.get(i);
                    cluster.phase(d.getMetadata().getNamespace(), d.getMetadata().getName(), "Running");
                    return null;
                });
                parallel(pool, i -> {
                    Pod d = drivers.get(i);
                    cluster.phase(d.getMetadata().getNamespace(), d.getMetadata().getName(), "Succeeded");
                    return null;
                });
                awaitAll(cluster, ApplicationStateType.COMPLETED, Duration.ofSeconds(180));
                double totalSeconds = (System.nanoTime() - start) / 1e9;
                assertThat(cluster.client.pods().inAnyNamespace().withLabel(SparkLabels.SPARK_ROLE, "driver").list()
                        .getItems()).as("no duplicate driver").hasSize(APPS);
                System.gc();
                long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
                System.out.printf("scale: %d apps SUBMITTED in %.1f s (%.0f apps/s), COMPLETED in %.1f s, heap after "
                        + "GC %d MiB (operator and mock server in one JVM)%n", APPS, submitSeconds,
                        APPS / submitSeconds, totalSeconds, heapMb);
                assertThat(totalSeconds).as("seconds to drive %d apps to COMPLETED", APPS).isLessThan(180);
                assertThat(heapMb).as("heap after GC, MiB").isLessThan(320);
            } finally {
                pool.shutdownNow();
                operator.stop();
            }
        }
    }

    private static void parallel(ExecutorService pool, Function<Integer, Object> task) throws Exception {
        List<Future<Object>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            int n = i;
            futures.add(pool.submit(() -> task.apply(n)));
        }
        for (Future<Object> f : futures) {
            f.get();
        }
    }

    private static void awaitAll(MockCluster cluster, ApplicationStateType state, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        Map<ApplicationStateType, Long> counts = Map.of();
        while (System.nanoTime() < end) {
            counts = cluster.client.resources(SparkApplication.class).inAnyNamespace().list().getItems().stream()
                    .collect(Collectors.groupingBy(a -> a.getStatus() == null ? ApplicationStateType.NEW
                            : a.getStatus().state(), Collectors.counting()));
            if (counts.getOrDefault(state, 0L) == APPS) {
                return;
            }
            MockCluster.sleep(250);
        }
        throw new AssertionError("not all " + APPS + " apps reached " + state + ": " + counts);
    }
}
