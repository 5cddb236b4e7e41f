package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparkgate.api.Json;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * An API server on 127.0.0.1 that runs admission as kube-apiserver does, for tests of the whole chain where no
 * kube-apiserver can run. Objects live in an {@link IndexedStore} (hash maps, lists and watches as kube-apiserver
 * serves them); every create and update first goes through the Mutating- and ValidatingWebhookConfigurations stored
 * in it, calling the webhooks over verified HTTPS.
 * Service references resolve to local ports registered with {@link #routeService}.
 *
 * <p>As a fixture for outages it can {@link #stop} (connections closed, port refused), start again on the same port
 * with its state, wiped or restored from a {@link #snapshot}, and {@link #hang} (requests received, none answered).
 * Watches that allow bookmarks get one at every {@link Builder#bookmarkInterval}.
 *
 * <pre>{@code
 * try (ApiEmulation api = ApiEmulation.start()) {
 *     api.routeService("sparkgate", "sparkgate-webhook", 443, webhookPort);
 *     api.client().resource(mutatingWebhookConfiguration).create();
 *     Pod stored = api.client().pods().inNamespace("default").resource(pod).create();
 * }
 * }</pre>
 */
public final class ApiEmulation implements AutoCloseable {
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final FrontEnd frontEnd;
    private final int port;
    private volatile HttpServer server;
    private final ServiceRoutes routes;
    private final WebhookClient webhooks;
    private final IndexedStore store;
    private final AdmissionStats stats;
    private final PodLogEndpoint podLogs;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private volatile KubernetesClient client;

    private ApiEmulation(Builder builder) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(builder.eventLoops));
        this.workers = vertx.createSharedWorkerExecutor("sparkgate-api-emulation", builder.workerThreads);
        this.routes = new ServiceRoutes();
        this.webhooks = new WebhookClient(vertx, routes);
        this.store = new IndexedStore(Clock.systemUTC(), builder.random);
        this.stats = new AdmissionStats();
        WebhookConfigurations configurations = new WebhookConfigurations(store);
        AdmissionChain chain = new AdmissionChain(configurations, webhooks, stats);
        AdmissionDispatcher dispatcher = new AdmissionDispatcher(store, configurations, chain, builder.user(),
                builder.random, builder.listener);
        this.podLogs = new PodLogEndpoint(vertx, workers, path -> store.read(path).isPresent());
        this.frontEnd = new FrontEnd(vertx, dispatcher, workers, podLogs);
        try {
            this.server = listen(0);
        } catch (IllegalStateException e) {
            vertx.close();
            throw e;
        }
        this.port = server.actualPort();
        long interval = builder.bookmarkInterval.toMillis();
        vertx.setPeriodic(interval, interval, id -> {
            if (server != null && !frontEnd.hung()) {
                store.bookmark();
            }
        });
    }

    private HttpServer listen(int onPort) {
        try {
            return frontEnd.listen(onPort).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the API emulation", e);
        } catch (Exception e) {
            throw new IllegalStateException("the API emulation could not listen on 127.0.0.1:" + onPort + ": "
                    + e.getMessage(), e);
        }
    }

    /** Starts an emulation with the defaults: user {@code kubernetes-admin} in {@code system:masters}. */
    public static ApiEmulation start() {
        return builder().start();
    }

    /** A builder for an emulation with a chosen user, thread count or random source. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL of the API server, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The port it listens on (the same after every restart). */
    public int port() {
        return port;
    }

    /**
     * Stops serving, as a killed kube-apiserver: the port refuses connections and open connections (watches
     * included) are closed. The state is kept for {@link #startAgain}; clients keep working once it is back.
     */
    public synchronized void stop() {
        HttpServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        frontEnd.resume();
        try {
            running.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the API emulation did not stop: " + e.getMessage(), e);
        }
    }

    /**
     * Starts again on the same port with the state it had (a restarted kube-apiserver on the same etcd): the watch
     * history is gone, so a watch from before the restart that missed nothing resumes and any older one gets 410.
     */
    public void startAgain() {
        startFrom(store.snapshot(), Revisions.CONTINUE);
    }

    /** Starts again on the same port with nothing stored, not even CRDs, at revision 0 (a wiped etcd). */
    public void startEmpty() {
        startFrom(IndexedStore.Snapshot.EMPTY, Revisions.RESET);
    }

    /** Starts again on the same port with the state of a {@link #snapshot} (an etcd restore), stopping first. */
    public synchronized void startFrom(IndexedStore.Snapshot snapshot, Revisions revisions) {
        stop();
        store.restore(snapshot, revisions == Revisions.CONTINUE);
        server = listenAgain(port);
    }

    /**
     * Binds the port it had again. While it was free the port (in the kernel's ephemeral range, as the first one was
     * picked by the kernel) can be taken for a moment by another socket, such as the local end of some client's
     * outgoing connection; a restarted kube-apiserver would retry too, so this does for up to 10 s.
     */
    private HttpServer listenAgain(int onPort) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return listen(onPort);
            } catch (IllegalStateException e) {
                boolean inUse = e.getCause() != null && e.getCause().getCause() instanceof BindException;
                if (!inUse || System.nanoTime() > giveUp) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** What is stored now, to start from later. */
    public IndexedStore.Snapshot snapshot() {
        return store.snapshot();
    }

    /** From now on requests are received and never answered, until {@link #resume}. */
    public void hang() {
        frontEnd.hang();
    }

    /** Answers requests again; those received while hung are dropped (their connections reset). */
    public void resume() {
        frontEnd.resume();
    }

    /** The revision of the last write. */
    public long revision() {
        return store.revision();
    }

    /** How resourceVersions go on after a restart from a snapshot. */
    public enum Revisions {
        /** As in the snapshot, the next write after it: an etcd snapshot restored. */
        CONTINUE,
        /** Renumbered from 1: the objects re-created in a new etcd, so clients hold versions from the future. */
        RESET
    }

    /** A shared client in namespace {@code default}, closed with the emulation. */
    public KubernetesClient client() {
        KubernetesClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = newClient(UnaryOperator.identity());
                }
                current = client;
            }
        }
        return current;
    }

    /**
     * A new client whose configuration the caller may adjust (namespace, impersonated user, ...); closed with the
     * emulation.
     */
    public KubernetesClient newClient(UnaryOperator<ConfigBuilder> customize) {
        ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withHttp2Disable(true).withRequestRetryBackoffLimit(0);
        KubernetesClient created = new KubernetesClientBuilder().withConfig(customize.apply(config).build()).build();
        clients.add(created);
        return created;
    }

    /** Makes {@code <name>.<namespace>.svc:<servicePort>} answer on 127.0.0.1:{@code localPort}. */
    public void routeService(String namespace, String name, int servicePort, int localPort) {
        routes.route(namespace, name, servicePort, localPort);
    }

    /**
     * Makes {@code <name>.<namespace>.svc:<servicePort>} answer on several local ports, round-robin per call, as
     * a Service backed by several ready pods (e.g. webhook replicas); an empty list removes the route.
     */
    public void routeService(String namespace, String name, int servicePort, List<Integer> localPorts) {
        routes.route(namespace, name, servicePort, localPorts);
    }

    /** Removes a Service route: calls fail as with a Service without endpoints. */
    public void unrouteService(String namespace, String name, int servicePort) {
        routes.remove(namespace, name, servicePort);
    }

    /**
     * Serves {@code pods/{name}/log} from {@code source} (the emulation runs no containers itself); null stops it.
     */
    public void podLogs(PodLogSource source) {
        podLogs.source(source);
    }

    /** What admission did so far. */
    public AdmissionStats stats() {
        return stats;
    }

    /** The number of objects in the store. */
    public int storedObjects() {
        return store.size();
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        webhooks.close();
        workers.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options of an emulation. */
    public static final class Builder {
        private String username = "kubernetes-admin";
        private List<String> groups = List.of("system:masters", "system:authenticated");
        private int workerThreads = 32;
        private int eventLoops = 2;
        private Random random = new Random();
        private Duration bookmarkInterval = Duration.ofMinutes(1);
        private AdmissionListener listener;

        private Builder() {
        }

        /** Who is told of every admission decision (one listener; null for none). */
        public Builder listener(AdmissionListener admissionListener) {
            this.listener = admissionListener;
            return this;
        }

        /** The user requests are made as, unless a client impersonates another. */
        public Builder user(String name, String... memberOf) {
            this.username = name;
            this.groups = List.of(memberOf);
            return this;
        }

        /** How many requests may wait on webhooks at once. */
        public Builder workerThreads(int threads) {
            this.workerThreads = threads;
            return this;
        }

        /** How often watches that allow bookmarks get one (kube-apiserver: about a minute). */
        public Builder bookmarkInterval(Duration interval) {
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("the bookmark interval must be at least 1 ms, was " + interval);
            }
            this.bookmarkInterval = interval;
            return this;
        }

        /** The source of request uids and generated name suffixes; seed it for reproducible runs. */
        public Builder random(Random source) {
            this.random = source;
            return this;
        }

        /** Starts the emulation. */
        public ApiEmulation start() {
            return new ApiEmulation(this);
        }

        private ObjectNode user() {
            ObjectNode user = Json.mapper().createObjectNode().put("username", username);
            groups.forEach(user.putArray("groups")::add);
            return user;
        }
    }
}
