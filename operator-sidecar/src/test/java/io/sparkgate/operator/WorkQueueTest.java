package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The work queue de-duplicates keys, never hands one key to two workers, and backs off failures. */
class WorkQueueTest {

    @Test
    void aWaitingKeyIsQueuedOnce() throws InterruptedException {
        WorkQueue q = new WorkQueue(Duration.ofMillis(10), Duration.ofSeconds(1));
        q.add("a");
        q.add("a");
        q.add("b");
        assertThat(q.depth()).isEqualTo(2);
        assertThat(q.take()).isEqualTo("a");
        assertThat(q.take()).isEqualTo("b");
        q.shutDown();
    }

    @Test
    void aKeyAddedWhileProcessedComesBackOnlyWhenDone() throws InterruptedException {
        WorkQueue q = new WorkQueue(Duration.ofMillis(10), Duration.ofSeconds(1));
        q.add("a");
        String key = q.take();
        q.add("a");
        assertThat(q.depth()).as("not handed to a second worker while processed").isZero();
        q.done(key);
        assertThat(q.depth()).isEqualTo(1);
        q.shutDown();
        assertThat(q.take()).as("shut down").isNull();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        WorkQueue q = new WorkQueue(Duration.ofMillis(200), Duration.ofSeconds(1));
        assertThat(q.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(q.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(q.backoff(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(q.backoff(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(q.backoff(64)).isEqualTo(Duration.ofSeconds(1));
        q.shutDown();
    }

    @Test
    void delayedAndRateLimitedKeysArrive() throws InterruptedException {
        WorkQueue q = new WorkQueue(Duration.ofMillis(50), Duration.ofSeconds(1));
        long start = System.nanoTime();
        q.addRateLimited("a");
        assertThat(q.take()).isEqualTo("a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        q.shutDown();
    }

    @Test
    void manyWorkersNeverProcessOneKeyAtOnce() throws InterruptedException {
        WorkQueue q = new WorkQueue(Duration.ofMillis(1), Duration.ofMillis(10));
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        CountDownLatch workersDone = new CountDownLatch(8);
        for (int w = 0; w < 8; w++) {
            Thread t = new Thread(() -> {
                try {
                    for (String k = q.take(); k != null; k = q.take()) {
                        if (!inFlight.add(k)) {
                            overlaps.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        inFlight.remove(k);
                        processed.incrementAndGet();
                        q.done(k);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    workersDone.countDown();
                }
            });
            t.start();
        }
        for (int i = 0; i < 20_000; i++) {
            q.add("key-" + (i % 5));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (q.depth() > 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        q.shutDown();
        assertThat(workersDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        assertThat(processed.get()).isPositive();
    }
}
