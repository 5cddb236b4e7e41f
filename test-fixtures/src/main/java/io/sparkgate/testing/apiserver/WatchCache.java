package io.sparkgate.testing.apiserver;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The recent writes of an {@link IndexedStore} and its open watches, as kube-apiserver's watch cache keeps them: every
 * write goes to every watch in revision order, and a watch that starts from a past revision is replayed the writes
 * since, as long as the bounded history still reaches back that far. Written only under the store's write lock;
 * watches leave it from their own threads when they close.
 */
final class WatchCache {
    private final int limit;
    private final ArrayDeque<StoreChange> history = new ArrayDeque<>();
    private final List<StoreWatch> watches = new CopyOnWriteArrayList<>();

    /** A cache that keeps the last {@code limit} writes. */
    WatchCache(int limit) {
        this.limit = limit;
    }

    /** Records a write and offers it to every open watch. */
    void publish(StoreChange change) {
        history.addLast(change);
        if (history.size() > limit) {
            history.removeFirst();
        }
        for (StoreWatch watch : watches) {
            watch.offer(change);
        }
    }

    /** Adds a watch that has been given the current state. */
    void add(StoreWatch watch) {
        watches.add(watch);
    }

    /**
     * Adds a watch that starts after revision {@code since}, replaying the writes since then; false (the watch not
     * added) when the history no longer reaches back that far, where kube-apiserver answers 410 Expired.
     */
    boolean addFrom(StoreWatch watch, long since) {
        if (!history.isEmpty() && since < history.peekFirst().version() - 1) {
            return false;
        }
        for (StoreChange change : history) {
            if (change.version() > since) {
                watch.offer(change);
            }
        }
        watches.add(watch);
        return true;
    }

    /** The oldest revision a watch can still start from. */
    long oldest() {
        return history.isEmpty() ? 0 : history.peekFirst().version() - 1;
    }

    /** Removes a watch that ended. */
    void remove(StoreWatch watch) {
        watches.remove(watch);
    }
}
