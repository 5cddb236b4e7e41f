package io.sparkgate.webhook.apps;

import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Optional;

/**
 * Where the webhook finds the SparkApplication a pod belongs to: an informer cache in a cluster, a directory of
 * YAML files in dev mode. Never a live API call: this runs on the admission hot path.
 */
public interface AppLookup {

    /** The app of that namespace and name, if known now. Must not block. */
    Optional<SparkApplication> find(String namespace, String name);

    /** A lookup that knows no app (no cluster and no apps directory). */
    static AppLookup none() {
        return (namespace, name) -> Optional.empty();
    }
}
