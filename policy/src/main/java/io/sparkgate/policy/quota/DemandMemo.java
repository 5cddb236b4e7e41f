package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The quota figures of cached objects, memoised by uid and resourceVersion: a pod's requests and an app's declared
 * demand are a function of one stored version of the object, which the API server never changes, so
 * {@link NamespaceUsage} need not re-parse every quantity of every Spark pod and app on each admission (a JFR profile
 * of the e2e load test had 21 % of the CPU there). Objects without both (built in memory) are computed each time.
 * Thread-safe; bounded: when it holds more than {@code maxEntries} objects (deleted ones pile up) it starts over.
 */
public final class DemandMemo {
    /** Enough for every Spark pod and app of a large cluster. */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private final int maxEntries;
    private final Map<String, Entry> pods = new ConcurrentHashMap<>();
    private final Map<String, Entry> apps = new ConcurrentHashMap<>();

    private record Entry(String resourceVersion, Resources value) {
    }

    /** A memo that holds up to {@code maxEntries} pods and as many apps. */
    public DemandMemo(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** A memo that remembers nothing: every figure is computed (for one-off callers). */
    public static DemandMemo none() {
        return new DemandMemo(0);
    }

    /** The pod's resources, as {@link PodResources#ofStored}. */
    Resources pod(Pod pod) {
        return get(pods, pod, PodResources::ofStored);
    }

    /** The app's declared demand without its app count, as {@link NamespaceUsage#declared}. */
    Resources declared(SparkApplication app) {
        return get(apps, app, NamespaceUsage::declared);
    }

    /** How many objects are memoised (for tests and a gauge). */
    public int size() {
        return pods.size() + apps.size();
    }

    private <T extends HasMetadata> Resources get(Map<String, Entry> memo, T object, Function<T, Resources> compute) {
        ObjectMeta meta = object.getMetadata();
        String uid = meta == null ? null : meta.getUid();
        String version = meta == null ? null : meta.getResourceVersion();
        if (maxEntries == 0 || uid == null || uid.isEmpty() || version == null || version.isEmpty()) {
            return compute.apply(object);
        }
        Entry e = memo.get(uid);
        if (e != null && e.resourceVersion().equals(version)) {
            return e.value();
        }
        Resources value = compute.apply(object);
        if (memo.size() >= maxEntries) {
            memo.clear();
        }
        memo.put(uid, new Entry(version, value));
        return value;
    }
}
