package io.sparkgate.testing.apiserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters tests read to see what admission did: calls and outcomes per webhook, and totals per request. */
public final class AdmissionStats {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void increment(String counter) {
        counters.computeIfAbsent(counter, k -> new LongAdder()).increment();
    }

    private long get(String counter) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    /** How often the named webhook was called (reinvocations included). */
    public long calls(String webhook) {
        return get("calls/" + webhook);
    }

    /** How often the named webhook returned a patch that was applied. */
    public long patches(String webhook) {
        return get("patches/" + webhook);
    }

    /** How often the named webhook denied a request. */
    public long denials(String webhook) {
        return get("denials/" + webhook);
    }

    /** How often calling the named webhook failed (failures ignored under failurePolicy Ignore included). */
    public long failures(String webhook) {
        return get("failures/" + webhook);
    }

    /** How often a failure of the named webhook was ignored because its failurePolicy is Ignore. */
    public long ignoredFailures(String webhook) {
        return get("ignored/" + webhook);
    }

    /** Writes that went through admission and were admitted. */
    public long admitted() {
        return get("admitted");
    }

    /** Writes refused by admission (denials and failures under failurePolicy Fail). */
    public long rejected() {
        return get("rejected");
    }

    /** Forgets all counts. */
    public void reset() {
        counters.clear();
    }
}
