package io.sparkgate.testing.apiserver;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for cluster DNS and kube-proxy: which local ports answer for {@code <name>.<namespace>.svc:<port>}.
 * A Service backed by several endpoints (webhook replicas) is spread over them round-robin, one pick per call,
 * as kube-proxy spreads connections. Everything is served on 127.0.0.1.
 */
final class ServiceRoutes {
    private final Map<String, List<Integer>> routes = new ConcurrentHashMap<>();
    private final AtomicLong picks = new AtomicLong();

    /** Routes a Service port to one local port, replacing any earlier route. */
    void route(String namespace, String name, int servicePort, int localPort) {
        route(namespace, name, servicePort, List.of(localPort));
    }

    /** Routes a Service port to several local ports (its endpoints), replacing any earlier route. */
    void route(String namespace, String name, int servicePort, List<Integer> localPorts) {
        if (localPorts.isEmpty()) {
            remove(namespace, name, servicePort);
        } else {
            routes.put(key(namespace, name, servicePort), List.copyOf(localPorts));
        }
    }

    /** Removes a route, so calls fail as they do when a Service has no endpoints. */
    void remove(String namespace, String name, int servicePort) {
        routes.remove(key(namespace, name, servicePort));
    }

    /** The local port for a Service port, if routed: the next of its endpoints. */
    OptionalInt localPort(String namespace, String name, int servicePort) {
        List<Integer> ports = routes.get(key(namespace, name, servicePort));
        if (ports == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(ports.get((int) Math.floorMod(picks.getAndIncrement(), (long) ports.size())));
    }

    private static String key(String namespace, String name, int port) {
        return name + "." + namespace + ".svc:" + port;
    }
}
