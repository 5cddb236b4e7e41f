package io.sparkgate.policy.quota;

import io.sparkgate.api.policy.EnforcementAction;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.PolicyViolation;
import io.sparkgate.policy.quota.ReservationLedger.Reservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes a tenant-quota decision hold across webhook replicas, as kube-apiserver's ResourceQuota admission does:
 * for each SparkPolicy with a quota, read its reservations from the cluster ({@link ReservationStore}), decide
 * over the caches plus those reservations, and commit the new reservation with a resourceVersion-guarded write;
 * on a conflict re-read and decide again, until the time budget is spent. Anything that keeps the commit from
 * happening (409 storm, 5xx, timeout) is a denial {@code quota could not be checked: ...}, never an admission.
 * If a later policy refuses, reservations committed to earlier ones are withdrawn (best effort; they expire anyway).
 *
 * <p>The objects hold reservations only, never usage: usage is recomputed at every decision from the informer
 * caches (which relist on their own), so nothing written can drift for longer than the TTL. An entry is never
 * dropped because one replica's caches show its object: another replica's may lag, and the entry is all it counts
 * the object by; entries leave when they expire, dropped on the next write and by {@link #prune}. An expiry edited
 * by hand into the far future, an entry that does not parse and one that holds a negative amount are dropped (see
 * {@link SharedReservations}).
 */
public final class QuotaCommit {
    /** How long one admission may spend committing, well inside the webhook's 10 s timeout. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(3);

    /** What one attempt led to, the tag of {@code sparkgate.policy.quota.commit}. */
    public enum Outcome {
        /** The reservation was written. */
        COMMITTED,
        /** The write lost a race (409). */
        CONFLICT,
        /** Another read-decide-write round after a conflict. */
        RETRY,
        /** Gave up: the store failed or the budget ran out; the object is denied. */
        FAILURE
    }

    /** Told of every outcome (the webhook counts them). */
    @FunctionalInterface
    public interface Listener {
        /** One outcome happened. */
        void on(Outcome outcome);
    }

    /** A quota decision for one policy over a given set of reservations. */
    @FunctionalInterface
    public interface Check {
        /** The violations of the object against {@code policy}, counting {@code reservations}. */
        List<PolicyViolation> violations(SparkPolicy policy, ReservationLedger reservations);
    }

    private final ReservationStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Duration budget;
    private final Listener listener;
    private final Pause pause;

    /** How a conflicting writer waits before its next round (a test passes one that does not sleep). */
    @FunctionalInterface
    public interface Pause {
        /** Waits about {@code millis}. */
        void pause(long millis);

        /** Sleeps the thread; an interrupt ends the wait early and is kept. */
        static Pause sleeping() {
            return millis -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    /**
     * @param ttl    how long an unconfirmed reservation holds (a replica that dies mid-way frees it after this)
     * @param budget how long one admission may try
     */
    public QuotaCommit(ReservationStore store, Clock clock, Duration ttl, Duration budget, Listener listener) {
        this(store, clock, ttl, budget, listener, Pause.sleeping());
    }

    /** As above, with the wait between conflicting rounds given. */
    public QuotaCommit(ReservationStore store, Clock clock, Duration ttl, Duration budget, Listener listener,
                       Pause pause) {
        if (ttl.isNegative() || ttl.isZero() || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("reservation ttl and commit budget must be positive, were " + ttl
                    + " and " + budget);
        }
        this.pause = Objects.requireNonNull(pause, "pause");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Decides the object against each policy with a quota and, when {@code reserve} is given and nothing denies,
     * commits it to each policy's reservations.
     *
     * @param reserve what to reserve, its expiry ignored (now + ttl); null for a dry run: read, decide, write nothing
     */
    public List<PolicyViolation> admit(List<SparkPolicy> policies, Check check, Reservation reserve) {
        long deadline = clock.millis() + budget.toMillis();
        List<PolicyViolation> out = new ArrayList<>();
        List<SparkPolicy> committed = new ArrayList<>();
        for (SparkPolicy policy : policies) {
            if (policy.getSpec().quota() == null) {
                continue;
            }
            List<PolicyViolation> found = one(policy, check, reserve, deadline);
            out.addAll(found);
            if (!admits(found)) {
                committed.forEach(p -> withdraw(p, reserve));
                return out;
            }
            if (reserve != null) {
                committed.add(policy);
            }
        }
        return out;
    }

    private List<PolicyViolation> one(SparkPolicy policy, Check check, Reservation reserve, long deadline) {
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                listener.on(Outcome.RETRY);
                backOff(attempt, deadline);
            }
            if (clock.millis() > deadline) {
                return failure(policy, "no commit within " + budget.toMillis() + " ms (" + attempt
                        + " conflicting writes)");
            }
            ReservationStore.Version base;
            try {
                base = store.read(policy.name());
            } catch (RuntimeException e) {
                return failure(policy, "reading its reservations: " + e.getMessage());
            }
            List<Reservation> live = live(base);
            ReservationLedger ledger = new ReservationLedger(clock, ttl);
            live.forEach(ledger::restore);
            List<PolicyViolation> found = check.violations(policy, ledger);
            if (reserve == null || !admits(found)) {
                return found;
            }
            // An entry stays until it expires even once this replica's caches show its object: another replica's
            // caches may lag, and the entry is all that replica counts the object by.
            live.removeIf(r -> r.key().equals(reserve.key()));
            live.add(new Reservation(reserve.key(), reserve.app(), reserve.amount(), clock.instant().plus(ttl)));
            try {
                if (store.replace(policy.name(), base, SharedReservations.encode(live))) {
                    listener.on(Outcome.COMMITTED);
                    return found;
                }
            } catch (RuntimeException e) {
                return failure(policy, "committing the reservation: " + e.getMessage());
            }
            listener.on(Outcome.CONFLICT);
        }
    }

    /**
     * Waits a random time that grows with the round (1-2 ms, 2-4 ms, ... up to 32-64 ms) and never past the
     * deadline, so replicas that conflicted do not retry in lockstep.
     */
    private void backOff(int attempt, long deadline) {
        long base = 1L << Math.min(attempt - 1, 5);
        long wait = Math.min(base + ThreadLocalRandom.current().nextLong(base + 1), deadline - clock.millis());
        if (wait > 0) {
            pause.pause(wait);
        }
    }

    /**
     * The unexpired reservations of a version; expired ones are dropped from the next write, and so is an entry
     * whose expiry lies further ahead than any write could have set it (now + ttl, with as much again for clock
     * skew between replicas): a hand edit, which must not hold capacity beyond the TTL.
     */
    private List<Reservation> live(ReservationStore.Version base) {
        Instant now = clock.instant();
        Instant latest = now.plus(ttl.multipliedBy(2));
        List<Reservation> live = new ArrayList<>();
        for (Reservation r : SharedReservations.decode(base.data())) {
            if (r.expires().isAfter(now) && !r.expires().isAfter(latest)) {
                live.add(r);
            }
        }
        return live;
    }

    /**
     * Garbage-collects one policy's reservation object: drops what expired and what does not parse or was edited
     * by hand, so the object does not grow with entries no admission rewrites; one guarded write when anything
     * changed (a conflict means another replica wrote, which drops them too). Run periodically by each replica.
     *
     * @return how many entries were dropped; 0 when none was or the write lost a race
     */
    public int prune(String policy) {
        ReservationStore.Version base = store.read(policy);
        List<Reservation> live = live(base);
        Map<String, String> data = SharedReservations.encode(live);
        if (base.resourceVersion() == null || data.equals(base.data())) {
            return 0;
        }
        int dropped = base.data().size() - data.size();
        return store.replace(policy, base, data) ? Math.max(dropped, 0) : 0;
    }

    /** Removes {@code reserve}'s entry from a policy's reservations: one attempt, the expiry covers a failure. */
    private void withdraw(SparkPolicy policy, Reservation reserve) {
        try {
            ReservationStore.Version base = store.read(policy.name());
            List<Reservation> live = live(base);
            if (live.removeIf(r -> r.key().equals(reserve.key()))) {
                store.replace(policy.name(), base, SharedReservations.encode(live));
            }
        } catch (RuntimeException e) {
            // expires after the ttl
        }
    }

    /**
     * Ends the reservations of {@code key} in every policy's object (a deleted app): one attempt each, the
     * expiry covers a failure.
     */
    public void release(List<SparkPolicy> policies, ReservationLedger.Key key) {
        for (SparkPolicy p : policies) {
            if (p.getSpec().quota() != null) {
                withdraw(p, new Reservation(key, null, Resources.ZERO, clock.instant()));
            }
        }
    }

    private List<PolicyViolation> failure(SparkPolicy policy, String why) {
        listener.on(Outcome.FAILURE);
        return List.of(new PolicyViolation(policy.name(), PolicyViolation.RULE_QUOTA_UNCHECKED,
                policy.getSpec().enforcementActionOrDefault(), "quota could not be checked: SparkPolicy "
                + policy.name() + ": " + why));
    }

    private static boolean admits(List<PolicyViolation> violations) {
        return violations.stream().noneMatch(v -> v.action() == EnforcementAction.DENY);
    }
}
