package io.sparkgate.policy.quota;

import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ReservationLedger.Key;
import io.sparkgate.policy.quota.ReservationLedger.Kind;
import io.sparkgate.policy.quota.ReservationLedger.Reservation;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Spark usage of one namespace, each thing counted once: every admitted, unfinished app at the larger of its
 * declared demand (driver + maximum executors) and its live pods; reservations the caches have not caught up
 * with; Spark pods that belong to no known app at their own requests. Reservations the caches now show are
 * confirmed (released) on the way. Compute it under {@link ReservationLedger#atomically} when a reservation may
 * follow.
 */
public final class NamespaceUsage {
    private final Map<String, AppUsage> apps = new LinkedHashMap<>();
    private Resources others = Resources.ZERO;
    private Resources liveSparkPods = Resources.ZERO;

    /**
     * How one app counts.
     *
     * @param declared its declared demand (or reserved, if larger); zero once finished
     * @param actual   its live pods and pod reservations
     * @param running  whether it counts as a running app
     */
    public record AppUsage(Resources declared, Resources actual, boolean running) {
        /** What the app counts: the larger of declared and actual, one app while running. */
        public Resources counted() {
            return declared.max(actual).withApps(running ? 1 : 0);
        }
    }

    private NamespaceUsage() {
    }

    /** The usage of {@code namespace} from the view and the ledger's live reservations. */
    public static NamespaceUsage of(ClusterView view, ReservationLedger ledger, String namespace) {
        return of(view, ledger, namespace, DemandMemo.none());
    }

    /**
     * The usage of {@code namespace} from the view and the ledger's live reservations, each cached object's figures
     * taken from {@code memo} when it has them for that version of the object.
     */
    public static NamespaceUsage of(ClusterView view, ReservationLedger ledger, String namespace, DemandMemo memo) {
        NamespaceUsage u = new NamespaceUsage();
        Map<String, SparkApplication> known = new HashMap<>();
        for (SparkApplication app : view.sparkApplications(namespace)) {
            known.put(app.getMetadata().getName(), app);
        }
        // One read of the pods' totals covers the groups and the release of reservations the caches now show.
        return view.readSparkPods(namespace, memo, pods -> u.count(pods, known, ledger, namespace, memo));
    }

    private NamespaceUsage count(SparkPodTotals pods, Map<String, SparkApplication> known, ReservationLedger ledger,
                                 String namespace, DemandMemo memo) {
        Map<String, Resources> actual = new HashMap<>();
        liveSparkPods = pods.live();
        pods.liveByApp().forEach((app, group) -> {
            if (!app.isEmpty() && known.containsKey(app)) {
                actual.merge(app, group.resources(), Resources::plus);
            } else {
                others = others.plus(group.resources()).plus(Resources.ZERO.withApps(group.drivers()));
            }
        });
        List<Reservation> reservations = ledger.active(namespace);
        Map<String, Resources> reservedApps = new HashMap<>();
        reservations.stream().filter(r -> r.key().kind() == Kind.APP)
                .forEach(r -> reservedApps.put(r.key().name(), r.amount()));
        for (Reservation r : reservations) {
            if (r.key().kind() != Kind.POD) {
                continue;
            }
            if (pods.hasPod(r.key().name())) {
                ledger.release(r.key()); // the caches show the pod now
            } else if (r.app() != null && (known.containsKey(r.app()) || reservedApps.containsKey(r.app()))) {
                actual.merge(r.app(), r.amount(), Resources::plus);
            } else {
                others = others.plus(r.amount());
            }
        }
        known.forEach((name, app) -> apps.put(name, knownApp(ledger, memo, namespace, app, reservedApps.get(name),
                actual.getOrDefault(name, Resources.ZERO))));
        reservedApps.forEach((name, amount) -> {
            if (!known.containsKey(name)) {
                apps.put(name, new AppUsage(amount.withApps(0), actual.getOrDefault(name, Resources.ZERO), true));
            }
        });
        return this;
    }

    private static AppUsage knownApp(ReservationLedger ledger, DemandMemo memo, String namespace,
                                     SparkApplication app, Resources reserved, Resources actual) {
        if (!counts(app)) {
            if (reserved != null) {
                ledger.release(Key.app(namespace, app.getMetadata().getName()));
            }
            return new AppUsage(Resources.ZERO, actual.withApps(0), false);
        }
        Resources declared = memo.declared(app);
        if (reserved != null) {
            if (reserved.withApps(0).equals(declared)) {
                ledger.release(Key.app(namespace, app.getMetadata().getName())); // the caches caught up
            } else {
                declared = declared.max(reserved.withApps(0)); // an update the caches do not show yet
            }
        }
        return new AppUsage(declared, actual, true);
    }

    /** Whether an app in the caches counts: admitted and neither finished nor suspended. */
    static boolean counts(SparkApplication app) {
        ApplicationStateType state = app.getStatus() == null ? ApplicationStateType.NEW : app.getStatus().state();
        return !state.isTerminal() && state != ApplicationStateType.SUSPENDED;
    }

    /**
     * The declared demand of a cached app without its app count; zero when it cannot be computed (an app stored
     * before sparkgate, or under unbounded dynamic allocation), so its live pods alone count.
     */
    static Resources declared(SparkApplication app) {
        try {
            AppDemand d = AppDemand.of(app);
            return d.bounded() ? d.total().withApps(0) : Resources.ZERO;
        } catch (IllegalArgumentException e) {
            return Resources.ZERO;
        }
    }

    /** Everything the namespace counts. */
    public Resources total() {
        Resources t = others;
        for (AppUsage a : apps.values()) {
            t = t.plus(a.counted());
        }
        return t;
    }

    /** How one app counts, if it is known or reserved. */
    public Optional<AppUsage> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** The requests of the live Spark pods, which a ResourceQuota's {@code status.used} already includes. */
    public Resources liveSparkPods() {
        return liveSparkPods;
    }
}
