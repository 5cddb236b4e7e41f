package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Kubernetes Events about SparkApplications off the reconcile path. Events go to one of a few lanes, each a
 * bounded queue feeding one thread, chosen by the object's namespace and name: the Events of one app are posted in
 * the order they were recorded, while the lanes together keep pace with the workers (one thread, one round trip
 * per Event, fell behind at ~140 submissions/s; docs/benchmarks.md, issue 7). When the API server is too slow for
 * a lane's queue an Event is dropped (and logged) rather than stalling a worker.
 */
public final class EventRecorder implements AutoCloseable {
    /** The component Events are reported by. */
    public static final String COMPONENT = "sparkgate-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** Lanes, i.e. Events in flight at once. */
    static final int LANES = 4;
    /** Events waiting, over all lanes, before new ones are dropped. */
    static final int CAPACITY = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final RandomGenerator random;
    private final List<ThreadPoolExecutor> lanes = new ArrayList<>(LANES);

    /** A recorder posting through {@code client}; {@code random} names the Events. */
    public EventRecorder(KubernetesClient client, Clock clock, RandomGenerator random) {
        this.client = client;
        this.clock = clock;
        this.random = random;
        for (int i = 0; i < LANES; i++) {
            String name = "sparkgate-events-" + i;
            lanes.add(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(CAPACITY / LANES),
                    r -> {
                        Thread t = new Thread(r, name);
                        t.setDaemon(true);
                        return t;
                    }, (r, pool) -> LOG.warn("event queue full, an event was dropped")));
        }
    }

    /** Records a Normal ({@code warning=false}) or Warning Event about {@code object}. */
    public void record(HasMetadata object, boolean warning, String reason, String message) {
        String ns = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName() + "." + HexFormat.of().toHexDigits(random.nextLong());
        String now = AppStateMachine.time(clock.instant());
        // The model's setters rather than EventBuilder: the same Event without a builder per nested object (issue 7).
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(ns);
        ObjectReference involved = new ObjectReference();
        involved.setApiVersion(object.getApiVersion());
        involved.setKind(object.getKind());
        involved.setName(object.getMetadata().getName());
        involved.setNamespace(ns);
        involved.setUid(object.getMetadata().getUid());
        EventSource source = new EventSource();
        source.setComponent(COMPONENT);
        Event event = new Event();
        event.setMetadata(meta);
        event.setInvolvedObject(involved);
        event.setReason(reason);
        event.setMessage(message);
        event.setType(warning ? "Warning" : "Normal");
        event.setSource(source);
        event.setReportingComponent(COMPONENT);
        event.setFirstTimestamp(now);
        event.setLastTimestamp(now);
        event.setCount(1);
        lanes.get(Math.floorMod((ns + "/" + object.getMetadata().getName()).hashCode(), LANES)).execute(() -> {
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
            if (lanes.stream().allMatch(l -> l.getQueue().isEmpty() && l.getActiveCount() == 0)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Posts what is queued for up to two seconds, then drops the rest. */
    @Override
    public void close() {
        lanes.forEach(ThreadPoolExecutor::shutdown);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            for (ThreadPoolExecutor lane : lanes) {
                if (!lane.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} events not posted at shutdown", lane.shutdownNow().size());
                }
            }
        } catch (InterruptedException e) {
            lanes.forEach(ThreadPoolExecutor::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
