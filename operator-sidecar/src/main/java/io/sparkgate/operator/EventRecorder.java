package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Kubernetes Events about SparkApplications off the reconcile path: a bounded queue feeds one thread, and
 * when the API server is too slow for the queue an Event is dropped (and logged) rather than stalling a worker.
 */
public final class EventRecorder implements AutoCloseable {
    /** The component Events are reported by. */
    public static final String COMPONENT = "sparkgate-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final RandomGenerator random;
    private final ThreadPoolExecutor executor;

    /** A recorder posting through {@code client}; {@code random} names the Events. */
    public EventRecorder(KubernetesClient client, Clock clock, RandomGenerator random) {
        this.client = client;
        this.clock = clock;
        this.random = random;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "sparkgate-events");
            t.setDaemon(true);
            return t;
        }, (r, pool) -> LOG.warn("event queue full, an event was dropped"));
    }

    /** Records a Normal ({@code warning=false}) or Warning Event about {@code object}. */
    public void record(HasMetadata object, boolean warning, String reason, String message) {
        String ns = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName() + "." + HexFormat.of().toHexDigits(random.nextLong());
        String now = AppStateMachine.time(clock.instant());
        var event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(object.getApiVersion())
                        .withKind(object.getKind()).withName(object.getMetadata().getName()).withNamespace(ns)
                        .withUid(object.getMetadata().getUid()).build())
                .withReason(reason).withMessage(message).withType(warning ? "Warning" : "Normal")
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        executor.execute(() -> {
            try {
                client.v1().events().inNamespace(ns).resource(event).create();
            } catch (RuntimeException e) {
                LOG.warn("cannot record event {} for {}/{}: {}", reason, ns, object.getMetadata().getName(),
                        e.getMessage());
            }
        });
    }

    /** Waits up to {@code millis} for queued Events to be posted (tests, shutdown). */
    public boolean drain(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (executor.getQueue().isEmpty() && executor.getActiveCount() == 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Posts what is queued for up to two seconds, then drops the rest. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("{} events not posted at shutdown", executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
