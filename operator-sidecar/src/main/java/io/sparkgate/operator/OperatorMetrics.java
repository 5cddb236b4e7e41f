package io.sparkgate.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics, all prefixed {@code sparkgate.operator.} and tagged only with bounded values
 * (state, outcome, kind): never an app or pod name.
 */
public final class OperatorMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> submissions = new java.util.concurrent.ConcurrentHashMap<>();
    private final Timer submitLatency;
    private final Timer timeToSubmitted;
    private final AtomicInteger leader = new AtomicInteger();
    private final Map<ApplicationStateType, Counter> transitions = new EnumMap<>(ApplicationStateType.class);

    /** Registers the metrics in {@code registry}. */
    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.submitLatency = Timer.builder("sparkgate.operator.submit.latency")
                .description("Time launcher-core took to create or adopt a driver")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.timeToSubmitted = Timer.builder("sparkgate.operator.time.to.submitted")
                .description("From a SparkApplication's creation to its SUBMITTED status (second resolution)")
                .register(registry);
        Gauge.builder("sparkgate.operator.leader", leader, AtomicInteger::get)
                .description("1 while this replica holds the leader Lease").register(registry);
        for (ApplicationStateType t : ApplicationStateType.values()) {
            transitions.put(t, Counter.builder("sparkgate.operator.transitions").tag("state", stateTag(t))
                    .description("Status transitions written, by the state entered").register(registry));
        }
    }

    /** Exports the number of apps in each state, read from {@code counts} at scrape time. */
    public void appsByState(Supplier<Map<ApplicationStateType, Long>> counts) {
        Supplier<Map<ApplicationStateType, Long>> cached = new Memo<>(counts, Duration.ofSeconds(1));
        for (ApplicationStateType t : ApplicationStateType.values()) {
            Gauge.builder("sparkgate.operator.apps", () -> cached.get().getOrDefault(t, 0L))
                    .tag("state", stateTag(t)).description("SparkApplications by state").register(registry);
        }
    }

    /** Exports the work queue's depth. */
    public void queueDepth(String kind, Supplier<Number> depth) {
        Gauge.builder("sparkgate.operator.queue.depth", depth).tag("kind", kind)
                .description("Keys waiting in the work queue").register(registry);
    }

    /** Counts a submission attempt by outcome ({@code submitted}, {@code adopted}, {@code failed}, {@code rejected}). */
    public void submission(String outcome, Duration took) {
        submissions.computeIfAbsent(outcome, o -> Counter.builder("sparkgate.operator.submissions").tag("outcome", o)
                .description("Submission attempts by outcome").register(registry)).increment();
        if (took != null) {
            submitLatency.record(took);
        }
    }

    /** Records the time from an app's creation to its first SUBMITTED status. */
    public void submittedAfter(Duration sinceCreation) {
        if (!sinceCreation.isNegative()) {
            timeToSubmitted.record(sinceCreation);
        }
    }

    /** Counts a status transition into {@code state}. */
    public void transition(ApplicationStateType state) {
        transitions.get(state).increment();
    }

    /** Counts a reconcile that threw. */
    public void reconcileError(String kind) {
        registry.counter("sparkgate.operator.reconcile.errors", "kind", kind).increment();
    }

    /** Sets whether this replica leads. */
    public void leader(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    private static String stateTag(ApplicationStateType t) {
        return t == ApplicationStateType.NEW ? "NEW" : t.value();
    }

    /** A supplier that recomputes at most once per {@code ttl}: one scrape reads every state gauge. */
    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> source;
        private final long ttlNanos;
        private T value;
        private long at;

        Memo(Supplier<T> source, Duration ttl) {
            this.source = source;
            this.ttlNanos = ttl.toNanos();
        }

        @Override
        public synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - at > ttlNanos) {
                value = source.get();
                at = now;
            }
            return value;
        }
    }
}
