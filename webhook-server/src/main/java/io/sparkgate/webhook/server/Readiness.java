package io.sparkgate.webhook.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What {@code /readyz} reports: ready once the serving certificate is loaded and every registered condition (e.g.
 * the SparkApplication cache synced) holds, and never again once shutdown has begun.
 */
public final class Readiness {
    private final Map<String, BooleanSupplier> conditions = new ConcurrentHashMap<>();
    private volatile boolean certificateLoaded;
    private volatile boolean draining;

    /** Records that a serving certificate is in use. */
    public void certificateLoaded() {
        certificateLoaded = true;
    }

    /** Records that shutdown began: not ready from now on. */
    public void draining() {
        draining = true;
    }

    /** Adds a named condition that must hold before the server is ready (e.g. {@code sparkapplications-cache}). */
    public void require(String name, BooleanSupplier condition) {
        conditions.put(name, condition);
    }

    /** Why the server is not ready; empty when it is. */
    public List<String> notReady() {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("shutting down");
        }
        if (!certificateLoaded) {
            reasons.add("no serving certificate loaded");
        }
        conditions.forEach((name, condition) -> {
            if (!condition.getAsBoolean()) {
                reasons.add(name + (name.endsWith("warm-up") ? " not done" : " not synced"));
            }
        });
        return reasons;
    }
}
