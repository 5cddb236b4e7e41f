package io.sparkgate.operator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A de-duplicating work queue of {@code namespace/name} keys, shaped like client-go's: a key waiting is queued
 * once however often it is added, a key being processed is never handed to a second worker (it is re-queued when
 * its worker is done if it was added meanwhile), and failed keys come back after an exponential backoff.
 *
 * <p>A key can be added as an <em>echo</em>: an event the operator caused itself (its own status write, the driver
 * pod its own submission created). An echo is still handed out, because some reconcile steps end expecting the next
 * event, but a key waiting only for echoes that are confirmed as such is not backlog, and {@link #depth()} leaves it
 * out (issue 20: the gauge read 9,991 while the queue drained, counting the echoes of its own writes).
 */
public final class WorkQueue {
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirtyWhileProcessing = new HashSet<>();
    /** Waiting keys added only as echoes, each with the checks that say whether that event was ours. */
    private final Map<String, List<BooleanSupplier>> echoes = new HashMap<>();
    private final Map<String, List<BooleanSupplier>> dirtyEchoes = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final ScheduledExecutorService timer;
    private boolean shutDown;

    /** A queue whose backoff starts at {@code baseDelay} and doubles up to {@code maxDelay}. */
    public WorkQueue(Duration baseDelay, Duration maxDelay) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkgate-queue-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a key now; no-op if it is already waiting. */
    public void add(String key) {
        enqueue(key, null);
    }

    /**
     * Adds a key for an event the operator may have caused itself; {@code isEcho} says, when asked (it is asked each
     * time the depth is read, so it may turn true once the write that caused the event has returned), whether it did.
     */
    public void addEcho(String key, BooleanSupplier isEcho) {
        enqueue(key, isEcho);
    }

    private synchronized void enqueue(String key, BooleanSupplier echo) {
        if (shutDown) {
            return;
        }
        if (processing.contains(key)) {
            mark(dirtyEchoes, key, echo, dirtyWhileProcessing.add(key));
            return;
        }
        boolean first = queued.add(key);
        if (first) {
            queue.addLast(key);
            notify();
        }
        mark(echoes, key, echo, first);
    }

    /** A key's first cause decides whether it waits only for echoes; a real cause afterwards makes it backlog. */
    private static void mark(Map<String, List<BooleanSupplier>> echoes, String key, BooleanSupplier echo,
                             boolean first) {
        if (echo == null) {
            echoes.remove(key);
        } else if (first) {
            echoes.computeIfAbsent(key, k -> new ArrayList<>(2)).add(echo);
        } else {
            List<BooleanSupplier> checks = echoes.get(key);
            if (checks != null) {
                checks.add(echo);
            }
        }
    }

    /** Adds a key once {@code delay} has passed. */
    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        synchronized (this) {
            if (shutDown) {
                return;
            }
        }
        timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds a key after its backoff, which doubles with each failure since the last {@link #forget}. */
    public void addRateLimited(String key) {
        int n;
        synchronized (this) {
            n = failures.merge(key, 1, Integer::sum);
        }
        addAfter(key, backoff(n));
    }

    /** The backoff after {@code failures} consecutive failures. */
    Duration backoff(int failures) {
        long factor = 1L << Math.min(failures - 1, 30);
        Duration d = baseDelay.multipliedBy(factor);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** Clears a key's failure count after it was processed successfully. */
    public synchronized void forget(String key) {
        failures.remove(key);
    }

    /** Takes the next key, waiting for one; null once the queue is shut down. The caller must call {@link #done}. */
    public synchronized String take() throws InterruptedException {
        while (queue.isEmpty() && !shutDown) {
            wait();
        }
        if (shutDown) {
            return null;
        }
        String key = queue.pollFirst();
        queued.remove(key);
        echoes.remove(key);
        processing.add(key);
        return key;
    }

    /** Marks a key processed; a key added while it was processed is queued again. */
    public synchronized void done(String key) {
        processing.remove(key);
        if (dirtyWhileProcessing.remove(key)) {
            List<BooleanSupplier> checks = dirtyEchoes.remove(key);
            if (checks == null) {
                enqueue(key, null);
            } else {
                checks.forEach(check -> enqueue(key, check));
            }
        }
    }

    /** Keys waiting to be processed that are backlog: not waiting only for echoes of the operator's own writes. */
    public synchronized int depth() {
        int n = queue.size();
        for (List<BooleanSupplier> checks : echoes.values()) {
            if (checks.stream().allMatch(BooleanSupplier::getAsBoolean)) {
                n--;
            }
        }
        return n;
    }

    /** Every key waiting, echoes included. */
    public synchronized int keys() {
        return queue.size();
    }

    /** Stops handing out keys and wakes every waiting worker. */
    public synchronized void shutDown() {
        shutDown = true;
        timer.shutdownNow();
        notifyAll();
    }
}
