package io.sparkgate.webhook.cluster;

import io.sparkgate.informers.ProjectingStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.ReservationStore;
import io.sparkgate.policy.quota.SparkPodIndex;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.policy.tenant.PolicyRegistry;
import io.sparkgate.webhook.apps.AppLookup;
import io.sparkgate.informers.InformerMonitor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's informer caches over every namespace: SparkApplications, Spark pods (label {@code spark-role}),
 * Namespaces, ResourceQuotas and the cluster-scoped SparkPolicies. Admissions read only these in-memory indexes,
 * never the API server. The SparkPolicy informer feeds a {@link PolicyRegistry} (a policy that fails validation
 * is logged and the previous valid one stays in force); a deleted SparkApplication releases its quota
 * reservation. Readiness waits for every cache's first list, then holds while each cache is at most
 * {@link Freshness#maxStaleness} behind the API server ({@link InformerMonitor}): through a short outage admissions
 * go on from the caches; past that bound the webhook reports unready, since its decisions would rest on a cluster
 * state too old to trust.
 */
public final class InformerCaches implements ClusterSource {
    private static final Logger LOG = LoggerFactory.getLogger(InformerCaches.class);
    /** Objects per list request. */
    static final long LIST_PAGE = 500;

    private final SharedIndexInformer<SparkApplication> apps;
    private volatile boolean closed;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<ResourceQuota> quotas;
    private final SharedIndexInformer<SparkPolicy> policyInformer;
    private final PolicyRegistry registry = new PolicyRegistry();
    private final ReservationLedger ledger;
    private final InformerClusterView view;
    private final String description;
    private final AtomicLong invalidPolicies = new AtomicLong();
    private final ReservationStore reservations;
    private final InformerMonitor monitor;
    private final Freshness freshness;

    /**
     * How the caches' freshness is checked and bounded.
     *
     * @param checkPeriod  how often the API server is probed and each informer checked
     * @param maxStaleness how far behind the API server a cache may be while the webhook reports ready
     */
    public record Freshness(Duration checkPeriod, Duration maxStaleness) {
        /** Checks every 5 s; ready up to 60 s behind. */
        public static final Freshness DEFAULT = new Freshness(Duration.ofSeconds(5), Duration.ofSeconds(60));

        /** Checks the values. */
        public Freshness {
            if (checkPeriod.toMillis() < 1 || maxStaleness.compareTo(checkPeriod) < 0) {
                throw new IllegalArgumentException("the cache check period (" + checkPeriod + ") must be positive "
                        + "and no longer than the maximum staleness (" + maxStaleness + ")");
            }
        }
    }

    private InformerCaches(KubernetesClient client, Clock clock, String description, String reservationsNamespace,
                           Duration reservationTtl, Freshness freshness) {
        this.description = description;
        this.freshness = freshness;
        this.monitor = new InformerMonitor(client, clock, freshness.checkPeriod());
        this.reservations = reservationsNamespace == null ? null
                : new ConfigMapReservationStore(client, reservationsNamespace);
        this.ledger = new ReservationLedger(clock, reservationTtl);
        // Lists are paged (LIST_PAGE objects a request, as client-go's informers do): an unpaged list of 20,000 pods
        // is one response body and one list of full objects in memory at once, larger than the cache it fills.
        this.apps = client.resources(SparkApplication.class).inAnyNamespace().withLimit(LIST_PAGE)
                .runnableInformer(0).itemStore(new ProjectingStore<>(CacheProjection::app));
        SparkPodIndex podIndex = new SparkPodIndex();
        this.pods = client.pods().inAnyNamespace().withLabel(SparkLabels.SPARK_ROLE).withLimit(LIST_PAGE)
                .runnableInformer(0).itemStore(new PodIndexingStore(podIndex));
        this.namespaces = client.namespaces().withLimit(LIST_PAGE).runnableInformer(0);
        this.quotas = client.resourceQuotas().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0);
        this.policyInformer = client.resources(SparkPolicy.class).withLimit(LIST_PAGE).runnableInformer(0);
        this.view = new InformerClusterView(apps, pods, podIndex, namespaces, quotas);
        apps.addEventHandler(new ReleaseOnDelete(ledger));
        policyInformer.addEventHandler(new PolicyFeed(registry, invalidPolicies));
    }

    /**
     * Starts every informer; they list and watch in the background (see {@link #caches()} for readiness).
     *
     * @param description where the caches read from, for the logs
     */
    public static InformerCaches start(KubernetesClient client, Clock clock, String description) {
        return start(client, clock, description, null);
    }

    /**
     * Starts every informer, and commits tenant-quota reservations as ConfigMaps in {@code reservationsNamespace}
     * (the release namespace; null keeps them in this process only).
     */
    public static InformerCaches start(KubernetesClient client, Clock clock, String description,
                                       String reservationsNamespace) {
        return start(client, clock, description, reservationsNamespace, ReservationLedger.DEFAULT_TTL,
                Freshness.DEFAULT);
    }

    /** Starts every informer, with the caches' freshness checked and bounded as {@code freshness} says. */
    public static InformerCaches start(KubernetesClient client, Clock clock, String description,
                                       String reservationsNamespace, Freshness freshness) {
        return start(client, clock, description, reservationsNamespace, ReservationLedger.DEFAULT_TTL, freshness);
    }

    /**
     * Starts every informer, with reservations that hold {@code reservationTtl} unconfirmed and the caches'
     * freshness checked and bounded as {@code freshness} says.
     */
    public static InformerCaches start(KubernetesClient client, Clock clock, String description,
                                       String reservationsNamespace, Duration reservationTtl, Freshness freshness) {
        InformerCaches caches = new InformerCaches(client, clock, description, reservationsNamespace, reservationTtl,
                freshness);
        // Keep retrying after any failure (a CRD installed after sparkgate, an API server restart): the webhook
        // stays not-ready meanwhile rather than exiting. The monitor logs each outage once, not each retry.
        caches.informers().forEach((name, informer) -> caches.monitor.follow(name, informer, () -> caches.closed));
        caches.monitor.start();
        caches.informers().values().forEach(SharedIndexInformer::start);
        return caches;
    }

    private Map<String, SharedIndexInformer<?>> informers() {
        Map<String, SharedIndexInformer<?>> all = new LinkedHashMap<>();
        all.put("sparkapplications-cache", apps);
        all.put("spark-pods-cache", pods);
        all.put("namespaces-cache", namespaces);
        all.put("resourcequotas-cache", quotas);
        all.put("sparkpolicies-cache", policyInformer);
        return all;
    }

    @Override
    public AppLookup apps() {
        return (namespace, name) -> Optional.ofNullable(apps.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public Supplier<PolicyIndex> policies() {
        return registry::snapshot;
    }

    @Override
    public ReservationLedger ledger() {
        return ledger;
    }

    @Override
    public Optional<ReservationStore> reservationStore() {
        return Optional.ofNullable(reservations);
    }

    @Override
    public Map<String, BooleanSupplier> caches() {
        Map<String, BooleanSupplier> out = new LinkedHashMap<>();
        informers().forEach((name, informer) -> out.put(name, () -> informer.hasSynced()
                && monitor.staleness(name).map(d -> d.compareTo(freshness.maxStaleness()) <= 0).orElse(false)));
        return out;
    }

    /** The monitor of the caches' informers (outage logs, the {@value InformerMonitor#GAUGE} gauge). */
    public InformerMonitor monitor() {
        return monitor;
    }

    /** SparkPolicies refused by validation since start (each is logged; the previous valid version stays). */
    public long invalidPolicies() {
        return invalidPolicies.get();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        monitor.close();
        List<SharedIndexInformer<?>> all = new ArrayList<>(informers().values());
        all.forEach(SharedIndexInformer::close);
    }

    /** A deleted (or finished-and-cleaned-up) SparkApplication holds no reservation any more. */
    private record ReleaseOnDelete(ReservationLedger ledger) implements ResourceEventHandler<SparkApplication> {
        @Override
        public void onAdd(SparkApplication app) {
            // confirmed by the next quota check, which sees the app in the cache
        }

        @Override
        public void onUpdate(SparkApplication before, SparkApplication app) {
            // likewise
        }

        @Override
        public void onDelete(SparkApplication app, boolean finalStateUnknown) {
            ledger.release(ReservationLedger.Key.app(app.getMetadata().getNamespace(), app.getMetadata().getName()));
        }
    }

    /** Feeds the registry from the SparkPolicy informer. */
    private record PolicyFeed(PolicyRegistry registry, AtomicLong invalid)
            implements ResourceEventHandler<SparkPolicy> {
        @Override
        public void onAdd(SparkPolicy policy) {
            upsert(policy);
        }

        @Override
        public void onUpdate(SparkPolicy before, SparkPolicy policy) {
            upsert(policy);
        }

        @Override
        public void onDelete(SparkPolicy policy, boolean finalStateUnknown) {
            registry.remove(policy.name());
            LOG.info("SparkPolicy {} deleted: no longer applied", policy.name());
        }

        private void upsert(SparkPolicy policy) {
            List<String> problems = registry.upsert(policy);
            if (problems.isEmpty()) {
                LOG.info("SparkPolicy {} (generation {}) applied from the next admission", policy.name(),
                        generation(policy));
            } else {
                invalid.incrementAndGet();
                LOG.warn("SparkPolicy {} (generation {}) is invalid and ignored; its previous valid version, if any, "
                        + "stays in force: {}", policy.name(), generation(policy), String.join("; ", problems));
            }
        }

        private static Object generation(HasMetadata o) {
            return o.getMetadata().getGeneration() == null ? "-" : o.getMetadata().getGeneration();
        }
    }
}
