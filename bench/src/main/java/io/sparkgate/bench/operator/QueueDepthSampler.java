package io.sparkgate.bench.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.sparkgate.api.SparkLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link OperatorSubmitBench} reports beyond the rate (issue 20): the operator's {@code queue_depth} gauge
 * sampled every 250 ms during the batch, and the driver pods left behind, counted per app.
 */
final class QueueDepthSampler {
    private final Gauge gauge;
    private final List<double[]> samples = new ArrayList<>();
    private Thread thread;
    private long start;

    QueueDepthSampler(Gauge gauge) {
        this.gauge = gauge;
    }

    /** Starts sampling on a daemon thread. */
    void start() {
        start = System.nanoTime();
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (samples) {
                    samples.add(new double[] {(System.nanoTime() - start) / 1e9, gauge.value()});
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-queue-depth");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops sampling; the peak and one sample per second ({@code t:depth}), the last one included. */
    String stop() throws InterruptedException {
        thread.interrupt();
        thread.join();
        synchronized (samples) {
            double peak = samples.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
            StringBuilder series = new StringBuilder();
            for (int i = 0; i < samples.size(); i += 4) {
                series.append(String.format(Locale.ROOT, " %.0f:%.0f", samples.get(i)[0], samples.get(i)[1]));
            }
            double[] last = samples.get(samples.size() - 1);
            return String.format(Locale.ROOT, "peak %.0f, at the end %.0f; t_s:depth%s", peak, last[1], series);
        }
    }

    /** How many driver pods each app has in {@code namespace}: "N apps with exactly one" and any exceptions. */
    static String driversPerApp(KubernetesClient client, String namespace, int apps) {
        List<Pod> drivers = client.pods().inNamespace(namespace).withLabel(SparkLabels.SPARK_ROLE, "driver").list()
                .getItems();
        Map<String, Long> perApp = drivers.stream().collect(Collectors.groupingBy(
                p -> p.getMetadata().getLabels().getOrDefault(SparkLabels.APP_NAME, "?"), TreeMap::new,
                Collectors.counting()));
        long exactlyOne = perApp.values().stream().filter(n -> n == 1).count();
        Map<Long, Long> histogram = perApp.values().stream().collect(Collectors.groupingBy(Function.identity(),
                TreeMap::new, Collectors.counting()));
        return String.format(Locale.ROOT, "%d pods for %d apps; %d of %d apps with exactly one (apps by driver "
                + "count: %s)", drivers.size(), perApp.size(), exactlyOne, apps, histogram);
    }
}
