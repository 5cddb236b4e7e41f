package io.sparkgate.policy.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What admissions have granted but the informer caches may not show yet, so two creates racing for the last slot
 * cannot both pass: a quota check and its reservation run under one lock ({@link #atomically}), and usage
 * includes every live reservation. A reservation ends when it is confirmed (the caches show the object with the
 * reserved size), released (the object was deleted or finished), or when it expires unconfirmed after the TTL
 * (its create never completed, e.g. a later webhook refused it). Thread-safe; time from the injected clock.
 */
public final class ReservationLedger {
    /** How long an unconfirmed reservation holds by default: far beyond an API server write plus informer lag. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final Clock clock;
    private final Duration ttl;
    private final Map<Key, Reservation> reservations = new LinkedHashMap<>();

    /** A ledger whose reservations expire {@code ttl} after they were made. */
    public ReservationLedger(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("reservation ttl must be positive, was " + ttl);
        }
        this.ttl = ttl;
    }

    /** What is reserved: a SparkApplication or a single pod. */
    public enum Kind { APP, POD }

    /**
     * The identity of a reservation.
     *
     * @param kind      app or pod
     * @param namespace the object's namespace
     * @param name      the object's name
     */
    public record Key(Kind kind, String namespace, String name) {
        /** The key of a SparkApplication. */
        public static Key app(String namespace, String name) {
            return new Key(Kind.APP, namespace, name);
        }

        /** The key of a pod. */
        public static Key pod(String namespace, String name) {
            return new Key(Kind.POD, namespace, name);
        }
    }

    /**
     * One reservation.
     *
     * @param key     what it is for
     * @param app     for a pod, the SparkApplication it belongs to, or null; for an app, its own name
     * @param amount  what it holds
     * @param expires when it lapses unless confirmed or released
     */
    public record Reservation(Key key, String app, Resources amount, Instant expires) {
    }

    /** Runs {@code action} holding the ledger's lock: a quota check and the reservation it leads to are one step. */
    public synchronized <T> T atomically(Supplier<T> action) {
        return action.get();
    }

    /** Reserves {@code amount} under {@code key}, replacing an earlier reservation of the key. */
    public synchronized void reserve(Key key, String app, Resources amount) {
        reservations.put(key, new Reservation(key, app, amount, clock.instant().plus(ttl)));
    }

    /**
     * Holds {@code r} with its own expiry, unless already expired: a reservation read back from the cluster-wide
     * reservation object (see {@link QuotaCommit}).
     */
    public synchronized void restore(Reservation r) {
        if (r.expires().isAfter(clock.instant())) {
            reservations.put(r.key(), r);
        }
    }

    /** When a reservation made now lapses. */
    public Instant expiryOfNew() {
        return clock.instant().plus(ttl);
    }

    /** Ends the reservation of {@code key}, if any: the object was confirmed, deleted or finished. */
    public synchronized void release(Key key) {
        reservations.remove(key);
    }

    /** The live reservations in a namespace; expired ones are dropped on the way. */
    public synchronized List<Reservation> active(String namespace) {
        Instant now = clock.instant();
        reservations.values().removeIf(r -> !r.expires().isAfter(now));
        List<Reservation> out = new ArrayList<>();
        for (Reservation r : reservations.values()) {
            if (r.key().namespace().equals(namespace)) {
                out.add(r);
            }
        }
        return out;
    }

    /** How many reservations are held, live or not yet swept (for a gauge). */
    public synchronized int size() {
        return reservations.size();
    }
}
