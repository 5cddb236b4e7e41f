package io.sparkgate.informers;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.HashMap;
import java.util.Map;

/**
 * What the webhook's and the operator's cache projections both drop from an object's metadata: the API server's
 * bookkeeping that no decision reads, {@code managedFields} and kubectl's last-applied copy of the whole object
 * (together often larger than the object itself).
 */
public final class CacheBookkeeping {
    /** kubectl's client-side apply annotation: a full JSON copy of the applied manifest. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private CacheBookkeeping() {
    }

    /** Drops managedFields and the last-applied annotation from {@code meta} (null is left alone); in place. */
    public static void strip(ObjectMeta meta) {
        if (meta == null) {
            return;
        }
        meta.setManagedFields(null);
        Map<String, String> annotations = meta.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            Map<String, String> kept = new HashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            meta.setAnnotations(kept);
        }
    }
}
