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
    /** The oldest revision a watch can start from: the history holds every write after it. */
    private long floor;

    /** A cache that keeps the last {@code limit} writes. */
    WatchCache(int limit) {
        this.limit = limit;
    }

    /** Records a write and offers it to every open watch. */
    void publish(StoreChange change) {
        history.addLast(change);
        if (history.size() > limit) {
            floor = history.removeFirst().version();
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
        if (since < floor) {
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
        return floor;
    }

    /**
     * Forgets the history and ends every open watch, as a restarted kube-apiserver's watch cache starts empty at
     * the revision etcd holds: a watch can start from {@code revision} on, not before.
     */
    void restart(long revision) {
        history.clear();
        floor = revision;
        for (StoreWatch watch : watches) {
            watch.shutDown();
        }
        watches.clear();
    }

    /** Sends a BOOKMARK at {@code revision} to every open watch that asked for bookmarks. */
    void bookmark(long revision) {
        for (StoreWatch watch : watches) {
            watch.bookmark(revision);
        }
    }

    /** Removes a watch that ended. */
    void remove(StoreWatch watch) {
        watches.remove(watch);
    }
}
