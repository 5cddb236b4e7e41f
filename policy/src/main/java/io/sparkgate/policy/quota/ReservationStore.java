package io.sparkgate.policy.quota;

import java.util.Map;

/**
 * Where the cluster-wide reservations of one SparkPolicy live (the webhook implements it with one ConfigMap per
 * policy): read the current version, replace it only if nobody wrote in between. Implementations do the I/O; the
 * policy module only decides. Any failure other than a conflict is thrown (its message ends up in the denial).
 */
public interface ReservationStore {

    /**
     * One version of a policy's reservations.
     *
     * @param resourceVersion the object's resourceVersion, or null when the object does not exist yet
     * @param data            the encoded reservations (see {@link SharedReservations})
     */
    record Version(String resourceVersion, Map<String, String> data) {
        /** No object yet. */
        public static Version absent() {
            return new Version(null, Map.of());
        }
    }

    /** The current version of {@code policy}'s reservations (a live read, never a cache). */
    Version read(String policy);

    /**
     * Replaces {@code base} with {@code data}, guarded by {@code base}'s resourceVersion (a create when absent).
     *
     * @return false on a conflict (409: someone wrote since {@code base}, or created it first)
     */
    boolean replace(String policy, Version base, Map<String, String> data);
}
