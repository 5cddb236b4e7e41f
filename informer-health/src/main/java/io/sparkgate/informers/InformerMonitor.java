package io.sparkgate.informers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Watches one process's informers through API server outages (issue 20). An outage begins when an informer's list
 * or watch fails (fabric8's exception handler) or when the API server stops answering a probe (a hung server keeps
 * its watches open and silent); it ends when the server answers and the informer watches again. Each outage gives one
 * WARN with the error when it begins and one INFO with its duration when it ends, however often fabric8 retries in
 * between. Each informer's <em>staleness</em> — the time since its cache was last known current (an event, a relist
 * or bookmark moving its resourceVersion on, or a check that found it watching a server that answers) — is the
 * gauge {@value #GAUGE} in seconds, and what the webhook's readiness is bounded by.
 */
public final class InformerMonitor implements AutoCloseable {
    /** Gauge: seconds since the informer's cache was last known current; tag {@code informer}. */
    public static final String GAUGE = "sparkgate.informer.synced";

    private final ApiProbe probe;
    private final Clock clock;
    private final Duration period;
    private final Map<String, InformerState> informers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sparkgate-informer-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile MeterRegistry registry;
    private volatile boolean closed;

    /** The longest a probe waits for the API server when the check period is shorter. */
    static final Duration MIN_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * A monitor that checks every {@code period}, probing the API server of {@code client} (waiting the period, and
     * at least {@link #MIN_PROBE_TIMEOUT}, for an answer); {@link #start} begins the checks.
     */
    public InformerMonitor(KubernetesClient client, Clock clock, Duration period) {
        this(new ApiProbe(client, period.compareTo(MIN_PROBE_TIMEOUT) < 0 ? MIN_PROBE_TIMEOUT : period), clock,
                period);
    }

    InformerMonitor(ApiProbe probe, Clock clock, Duration period) {
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("the informer check period must be at least 1 ms, was " + period);
        }
        this.probe = probe;
        this.clock = clock;
        this.period = period;
    }

    /** When an informer retries after a failed list or watch. */
    public enum Retry {
        /** After any failure, the first list included: a CRD installed late or an API server restart heals. */
        ALWAYS,
        /** As fabric8's default: once the first list succeeded, after any failure but an unreadable object. */
        ONCE_STARTED
    }

    /** Follows an informer not started yet, retrying after any failure ({@link Retry#ALWAYS}). */
    public void follow(String name, SharedIndexInformer<?> informer, BooleanSupplier stopping) {
        follow(name, informer, stopping, Retry.ALWAYS);
    }

    /**
     * Follows an informer not started yet under a name used in logs and the gauge's tag: sets its exception handler
     * (retry as {@code retry} says until {@code stopping} holds) and counts its events as contact. A name followed
     * again replaces the earlier informer.
     */
    public void follow(String name, SharedIndexInformer<?> informer, BooleanSupplier stopping, Retry retry) {
        InformerState state = new InformerState(name, informer, clock);
        informer.exceptionHandler((started, failure) -> {
            if (closed || stopping.getAsBoolean()) {
                return false; // shutting down: the client closes under the informer, nothing to retry
            }
            state.failed(failure.toString());
            return retry == Retry.ALWAYS
                    || started && !ExceptionHandler.isDeserializationException(failure);
        });
        informer.addEventHandler(new Contact<>(state));
        informers.put(name, state);
        MeterRegistry meters = registry;
        if (meters != null) {
            gauge(meters, name);
        }
    }

    /** Stops following an informer (it was stopped, e.g. when the operator lost its Lease). */
    public void forget(String name) {
        informers.remove(name);
    }

    /** Exports {@value #GAUGE} for every informer followed, now and later; NaN while a name is not followed. */
    public InformerMonitor register(MeterRegistry meters) {
        this.registry = meters;
        informers.keySet().forEach(name -> gauge(meters, name));
        return this;
    }

    /** Starts the periodic checks. */
    public InformerMonitor start() {
        timer.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The staleness of each informer followed, by name. */
    public Map<String, Duration> staleness() {
        Map<String, Duration> out = new LinkedHashMap<>();
        informers.forEach((name, state) -> out.put(name, state.staleness()));
        return out;
    }

    /** The staleness of one informer, empty when it is not followed. */
    public Optional<Duration> staleness(String name) {
        return Optional.ofNullable(informers.get(name)).map(InformerState::staleness);
    }

    /** One check: probes the API server once, then updates every informer's state. */
    void check() {
        if (closed || informers.isEmpty()) {
            return;
        }
        Optional<String> unanswered = probe.unanswered();
        informers.values().forEach(state -> state.check(unanswered));
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    private void gauge(MeterRegistry meters, String name) {
        Gauge.builder(GAUGE, informers, m -> {
            InformerState state = m.get(name);
            return state == null ? Double.NaN : state.staleness().toMillis() / 1000.0;
        }).tag("informer", name).description("Seconds since the informer's cache was last known current (an "
                + "event, a relist or bookmark, or a check finding it watching an API server that answers)")
                .register(meters);
    }

    /** Every event is contact with the API server. */
    private record Contact<T>(InformerState state) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T o) {
            state.contact();
        }

        @Override
        public void onUpdate(T before, T o) {
            if (before != o) { // fabric8's periodic resync hands the same cached object twice: no contact
                state.contact();
            }
        }

        @Override
        public void onDelete(T o, boolean finalStateUnknown) {
            state.contact();
        }
    }
}
