package io.sparkgate.webhook.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that decides admissions, so the event loops only read bodies and write answers: a slow or
 * hostile review occupies one worker, never the loop that every other connection of it shares. The queue is
 * bounded too; a review that finds it full is refused at once ({@link RejectedExecutionException}) rather than
 * queued past its deadline.
 */
public final class DecisionPool implements Executor, AutoCloseable {
    /** Reviews waiting for a worker. */
    public static final String QUEUED = "sparkgate.admission.workers.queued";
    /** Workers deciding a review now. */
    public static final String ACTIVE = "sparkgate.admission.workers.active";

    private final ThreadPoolExecutor executor;

    /**
     * @param workers how many reviews are decided at once
     * @param queue   how many more may wait for a worker
     */
    public DecisionPool(int workers, int queue) {
        if (workers < 1 || queue < 1) {
            throw new IllegalArgumentException("the admission pool needs at least 1 worker and a queue of 1, got "
                    + workers + " and " + queue);
        }
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "sparkgate-admission-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Registers the queue and activity gauges. */
    public DecisionPool register(MeterRegistry registry) {
        Gauge.builder(QUEUED, executor, e -> e.getQueue().size())
                .description("Admission reviews waiting for a decision worker").register(registry);
        Gauge.builder(ACTIVE, executor, ThreadPoolExecutor::getActiveCount)
                .description("Decision workers deciding an admission review").register(registry);
        return this;
    }

    /**
     * Runs {@code task} on a worker.
     *
     * @throws RejectedExecutionException when every worker is busy and the queue is full, or the pool is closed
     */
    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /**
     * A scheduler whose delayed tasks also run on a worker, through {@code timers} (e.g. Vert.x timers). A task the
     * pool refuses (saturated or closing) is dropped, never run on the timer's thread (an event loop): the review
     * it would have decided is answered by its decision deadline.
     */
    public Scheduler scheduler(Scheduler timers) {
        return (delayMillis, task) -> timers.schedule(delayMillis, () -> {
            try {
                execute(task);
            } catch (RejectedExecutionException e) {
                // answered by the deadline's fallback
            }
        });
    }

    /** Stops taking reviews; those running finish. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
