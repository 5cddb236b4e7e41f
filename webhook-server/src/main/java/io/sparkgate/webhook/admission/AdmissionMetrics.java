package io.sparkgate.webhook.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sparkgate.policy.PolicyViolation;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The admission metrics, all with the {@code sparkgate.} prefix and bounded tags (endpoint path, operation,
 * result, reason; never an object name). Meters are cached so the hot path does no registry lookup.
 */
public final class AdmissionMetrics {
    /** Time spent deciding an AdmissionReview, counted by endpoint, operation and result. */
    public static final String ADMISSIONS = "sparkgate.admission.duration";
    /** Requests refused before any decision (not JSON, too large, stalled...), by endpoint and reason. */
    public static final String REJECTED = "sparkgate.admission.rejected.requests";
    /** Pods whose SparkApplication was not in the cache after the wait, by outcome. */
    public static final String APP_MISSING = "sparkgate.admission.app.missing";
    /** Reviews answered by their endpoint's fallback because the decision deadline passed, by endpoint. */
    public static final String DEADLINE = "sparkgate.admission.deadline.missed";
    /** SparkPolicy violations found at admission, by policy, rule and enforcement action. */
    public static final String VIOLATIONS = "sparkgate.policy.violations";

    private final MeterRegistry registry;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    /** Metrics registered in {@code registry}. */
    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry the metrics live in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Records one decided admission. */
    public void admitted(String endpoint, String operation, String result, long nanos) {
        timers.computeIfAbsent(new TimerKey(endpoint, bounded(operation), result), k -> Timer.builder(ADMISSIONS)
                .description("Time to decide an AdmissionReview")
                .tags("endpoint", k.endpoint(), "operation", k.operation(), "result", k.result())
                .publishPercentileHistogram(false)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a request refused before a decision, e.g. {@code reason=too_large}. */
    public void rejected(String endpoint, String reason) {
        counter(REJECTED, "endpoint", endpoint, "reason", reason).increment();
    }

    /** Counts a review the decision deadline answered. */
    public void deadlineMissed(String endpoint) {
        counter(DEADLINE, "endpoint", endpoint).increment();
    }

    /** Counts a pod whose app was not found in time; {@code outcome} is the applied {@link MissingAppPolicy}. */
    public void appMissing(MissingAppPolicy outcome) {
        counter(APP_MISSING, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    /**
     * Counts one policy violation. The {@code policy} tag is a SparkPolicy name (admins create few) or
     * {@code resourcequota}; {@code rule} and {@code action} are closed sets.
     */
    public void violation(PolicyViolation violation) {
        counter(VIOLATIONS, "policy", violation.policy(), "rule", violation.rule(), "action",
                violation.action().value()).increment();
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).tags(tags).register(registry));
    }

    private static String bounded(String operation) {
        return switch (operation) {
            case "CREATE", "UPDATE", "DELETE", "CONNECT" -> operation;
            default -> "OTHER";
        };
    }

    private record TimerKey(String endpoint, String operation, String result) {
    }
}
