package io.sparkgate.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.bench.cache.FilledApiServer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Apps coming and going while the soak runs, as users and a kubelet would make them: every {@code 60 / perMinute}
 * seconds a new SparkApplication ({@code churn-K}, examples/spark-pi.yaml) is created for the operator to submit,
 * and once more than {@code live} churn apps exist the oldest is deleted with its pods, Services and ConfigMaps (the
 * garbage collector's part). The kubelet's part: a driver pod the operator created is set Running and gets an
 * executor pod, as Spark's driver would create it.
 */
final class Churn implements AutoCloseable {
    private final KubernetesClient client;
    private final String template;
    private final JsonNode executor;
    private final int namespaces;
    private final int live;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-churn");
        t.setDaemon(true);
        return t;
    });
    private final Deque<String[]> apps = new ArrayDeque<>();
    private final Map<String, String[]> waitingForDriver = new LinkedHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong driversRun = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError = "";
    private long next;

    Churn(KubernetesClient client, String template, JsonNode executor, int namespaces, int live) {
        this.client = client;
        this.template = template;
        this.executor = executor;
        this.namespaces = namespaces;
        this.live = live;
    }

    /** Starts creating and deleting {@code perMinute} apps a minute each, and playing the kubelet every second. */
    Churn start(int perMinute) {
        long period = 60_000L / perMinute;
        timer.scheduleAtFixedRate(() -> guarded(this::step), period, period, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded(this::kubelet), 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** Apps created, deleted, drivers set running, and failed calls so far. */
    String counts() {
        return "created=" + created.get() + " deleted=" + deleted.get() + " drivers_run=" + driversRun.get()
                + " errors=" + errors.get() + (errors.get() > 0 ? " (last: " + lastError + ")" : "");
    }

    long errors() {
        return errors.get();
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            lastError = e.toString();
        }
    }

    private void step() {
        long k = next++;
        String ns = FilledApiServer.namespace((int) (k % namespaces));
        String name = "churn-" + k;
        SparkApplication app = Json.read(template, SparkApplication.class);
        app.getMetadata().setName(name);
        app.getMetadata().setNamespace(ns);
        client.resources(SparkApplication.class).inNamespace(ns).resource(app).create();
        created.incrementAndGet();
        String[] id = {ns, name};
        apps.addLast(id);
        synchronized (waitingForDriver) {
            waitingForDriver.put(ns + "/" + name, id);
        }
        while (apps.size() > live) {
            delete(apps.removeFirst());
        }
    }

    private void delete(String[] id) {
        String ns = id[0];
        String name = id[1];
        synchronized (waitingForDriver) {
            waitingForDriver.remove(ns + "/" + name);
        }
        client.resources(SparkApplication.class).inNamespace(ns).withName(name).delete();
        client.pods().inNamespace(ns).withLabel(SparkLabels.APP_NAME, name).delete();
        client.services().inNamespace(ns).withLabel(SparkLabels.APP_NAME, name).delete();
        client.configMaps().inNamespace(ns).withLabel(SparkLabels.APP_NAME, name).delete();
        deleted.incrementAndGet();
    }

    /** Sets each new driver pod Running and creates its executor. */
    private void kubelet() {
        synchronized (waitingForDriver) {
            for (Iterator<String[]> it = waitingForDriver.values().iterator(); it.hasNext(); ) {
                String[] id = it.next();
                Pod driver = client.pods().inNamespace(id[0]).withName(id[1] + "-driver").get();
                if (driver == null) {
                    continue;
                }
                driver.setStatus(FilledApiServer.runningStatus(driver.getSpec().getContainers().get(0).getName()));
                try {
                    client.pods().inNamespace(id[0]).resource(driver).updateStatus();
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 409) {
                        continue; // changed meanwhile: the next round retries
                    }
                    throw e;
                }
                String submission = driver.getMetadata().getLabels().getOrDefault(SparkLabels.SUBMISSION_ID, "");
                FilledApiServer.createPod(client, executor, id[0], id[1] + "-exec-1", id[1], submission);
                driversRun.incrementAndGet();
                it.remove();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
