package io.sparkgate.cli.dev;

import io.sparkgate.testing.apiserver.AdmissionListener;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The latest admission decision per object, so {@code dev} can show what the webhook did to each pod it created. */
final class AdmissionLog implements AdmissionListener {
    private final ConcurrentMap<String, Decision> latest = new ConcurrentHashMap<>();

    @Override
    public void decided(Decision decision) {
        latest.put(key(decision.resource(), decision.namespace(), decision.name()), decision);
    }

    /** The latest decision on an object. */
    Optional<Decision> latest(String resource, String namespace, String name) {
        return Optional.ofNullable(latest.get(key(resource, namespace, name)));
    }

    private static String key(String resource, String namespace, String name) {
        return resource + "/" + namespace + "/" + name;
    }
}
