package io.sparkgate.operator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A de-duplicating work queue of {@code namespace/name} keys, shaped like client-go's: a key waiting is queued
 * once however often it is added, a key being processed is never handed to a second worker (it is re-queued when
 * its worker is done if it was added meanwhile), and failed keys come back after an exponential backoff.
 */
public final class WorkQueue {
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirtyWhileProcessing = new HashSet<>();
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
    public synchronized void add(String key) {
        if (shutDown) {
            return;
        }
        if (processing.contains(key)) {
            dirtyWhileProcessing.add(key);
            return;
        }
        if (queued.add(key)) {
            queue.addLast(key);
            notify();
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
        processing.add(key);
        return key;
    }

    /** Marks a key processed; a key added while it was processed is queued again. */
    public synchronized void done(String key) {
        processing.remove(key);
        if (dirtyWhileProcessing.remove(key)) {
            add(key);
        }
    }

    /** Keys waiting to be processed (the queue-depth metric). */
    public synchronized int depth() {
        return queue.size();
    }

    /** Stops handing out keys and wakes every waiting worker. */
    public synchronized void shutDown() {
        shutDown = true;
        timer.shutdownNow();
        notifyAll();
    }
}
