package io.sparkgate.testing.apiserver;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for cluster DNS and kube-proxy: which local port answers for {@code <name>.<namespace>.svc:<port>}.
 * Everything is served on 127.0.0.1.
 */
final class ServiceRoutes {
    private final Map<String, Integer> routes = new ConcurrentHashMap<>();

    /** Routes a Service port to a local port, replacing any earlier route. */
    void route(String namespace, String name, int servicePort, int localPort) {
        routes.put(key(namespace, name, servicePort), localPort);
    }

    /** Removes a route, so calls fail as they do when a Service has no endpoints. */
    void remove(String namespace, String name, int servicePort) {
        routes.remove(key(namespace, name, servicePort));
    }

    /** The local port for a Service port, if routed. */
    OptionalInt localPort(String namespace, String name, int servicePort) {
        Integer port = routes.get(key(namespace, name, servicePort));
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    private static String key(String namespace, String name, int port) {
        return name + "." + namespace + ".svc:" + port;
    }
}
