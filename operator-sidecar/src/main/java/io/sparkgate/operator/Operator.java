package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkgate.informers.InformerMonitor;
import io.sparkgate.informers.ProjectingStore;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable operator: informers on SparkApplications, ScheduledSparkApplications and Spark pods (label
 * filtered, so memory follows the number of Spark pods, not of all pods), one work queue, N workers, and
 * optionally a Lease so that of several replicas exactly one acts. {@link #start()} and {@link #stop()} are all a
 * host (the {@code sparkgate operator} verb, or {@code sparkgate dev} in-process) needs.
 */
public final class Operator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Operator.class);
    private static final String APP = "app/";
    private static final String SCHEDULED = "sched/";
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long LIST_PAGE = 500;
    private static final String PODS_INFORMER = "operator-spark-pods";
    private static final String APPS_INFORMER = "operator-sparkapplications";
    private static final String SCHEDULED_INFORMER = "operator-scheduledsparkapplications";

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final AppSubmitter submitter;
    private final AppValidator validator;
    private final OperatorMetrics metrics;
    private final InformerMonitor monitor;
    private final Clock clock;
    private final RandomGenerator random;
    private final List<Thread> workers = new ArrayList<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile WorkQueue queue;
    private volatile SharedIndexInformer<SparkApplication> appInformer;
    private EventRecorder events;
    private CompletableFuture<?> election;
    private final java.util.concurrent.ExecutorService lifecycle = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sparkgate-leadership");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean leading;
    /** Set while the controllers stop: their informers' failures are the client closing, not outages. */
    private volatile boolean tearingDown;
    private volatile boolean stopped;

    /** An operator acting through {@code client}; {@code submitter} creates drivers, {@code validator} vets apps. */
    public Operator(KubernetesClient client, OperatorConfig config, AppSubmitter submitter, AppValidator validator,
                    MeterRegistry registry, Clock clock, RandomGenerator random) {
        this.client = client;
        this.config = config;
        this.submitter = submitter;
        this.validator = validator;
        this.metrics = new OperatorMetrics(registry);
        this.clock = clock;
        this.random = random;
        this.monitor = new InformerMonitor(client, clock, config.informerCheckPeriod()).register(registry).start();
        metrics.queueDepth("all", () -> {
            WorkQueue q = queue;
            return q == null ? 0 : q.depth();
        });
        metrics.appsByState(() -> {
            SharedIndexInformer<SparkApplication> a = appInformer;
            return a == null ? Map.of() : countByState(a);
        });
    }

    /** Starts acting now, or once this replica wins the Lease when leader election is on. Returns at once. */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("a stopped operator cannot be started again; create a new one");
        }
        if (!config.leaderElection()) {
            startControllers();
            return;
        }
        var elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(config.leaseName())
                .withLock(new LeaseLock(config.leaseNamespace(), config.leaseName(), config.identity()))
                .withLeaseDuration(config.leaseDuration()).withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod()).withReleaseOnCancel(true)
                // The callbacks run on the elector's own thread: starting informers there would delay lease
                // renewal past its deadline, so they only hand the work to another thread.
                .withLeaderCallbacks(new LeaderCallbacks(() -> onLifecycleThread(this::startControllers),
                        () -> onLifecycleThread(this::lostLeadership),
                        leader -> LOG.info("leader is now {}", leader)))
                .build()).build();
        election = elector.start();
    }

    private void onLifecycleThread(Runnable task) {
        try {
            lifecycle.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stop() already tears everything down.
        }
    }

    private void lostLeadership() {
        stopControllers();
        synchronized (this) {
            if (!stopped && config.leaderElection()) {
                // fabric8's elector ends after losing the Lease: stand again as a candidate.
                election = null;
                start();
            }
        }
    }

    /** Whether this replica currently acts. */
    public boolean isLeader() {
        return leading;
    }

    /** Stops acting, releases the Lease and stops informers and workers. Idempotent. */
    public synchronized void stop() {
        stopped = true;
        if (election != null) {
            election.cancel(true);
            election = null;
        }
        stopControllers();
        lifecycle.shutdown();
        monitor.close();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startControllers() {
        if (leading || stopped) {
            return;
        }
        try {
            startInformersAndWorkers();
        } catch (RuntimeException e) {
            tearingDown = true;
            informers.forEach(SharedIndexInformer::stop);
            informers.clear();
            if (queue != null) {
                queue.shutDown();
            }
            if (events != null) {
                events.close();
            }
            if (!config.leaderElection()) {
                throw e;
            }
            // Holding the Lease without acting would stall every app: give it up. Losing it makes this replica
            // stand again (lostLeadership), so another replica, or this one later, takes over.
            LOG.error("{} won the Lease but cannot start ({}); releasing it", config.identity(), e.getMessage());
            if (election != null) {
                election.cancel(true);
            }
        }
    }

    private void startInformersAndWorkers() {
        LOG.info("{} starts acting on SparkApplications in {}", config.identity(),
                config.namespace() == null ? "all namespaces" : "namespace " + config.namespace());
        tearingDown = false;
        queue = new WorkQueue(Duration.ofMillis(200), Duration.ofMinutes(5));
        events = new EventRecorder(client, clock, random);
        long resync = config.resyncPeriod().toMillis();
        var podOps = config.namespace() == null ? client.pods().inAnyNamespace()
                : client.pods().inNamespace(config.namespace());
        // Paged lists, as client-go's informers: an unpaged list of every Spark pod is one body in memory at once.
        SharedIndexInformer<Pod> pods = podOps.withLabel(SparkLabels.LAUNCHED_BY_OPERATOR, "true")
                .withLabel(SparkLabels.SPARK_ROLE).withLimit(LIST_PAGE).runnableInformer(0)
                .itemStore(new ProjectingStore<>(OperatorProjection::pod));
        pods.addIndexers(Map.of(PodIndex.RUN, PodIndex.indexFunction()::apply));
        var appOps = client.resources(SparkApplication.class);
        SharedIndexInformer<SparkApplication> apps = (config.namespace() == null ? appOps.inAnyNamespace()
                : appOps.inNamespace(config.namespace())).withLimit(LIST_PAGE).runnableInformer(resync)
                .itemStore(new ProjectingStore<>(OperatorProjection::app));
        var schedOps = client.resources(ScheduledSparkApplication.class);
        SharedIndexInformer<ScheduledSparkApplication> scheduled = (config.namespace() == null
                ? schedOps.inAnyNamespace() : schedOps.inNamespace(config.namespace())).withLimit(LIST_PAGE)
                .runnableInformer(resync);
        AppReconciler appReconciler = new AppReconciler(new AppReconciler.Deps(apps.getStore()::getByKey,
                new PodIndex(pods.getIndexer()), submitter, validator, client, events, metrics, clock,
                config.driverGracePeriod(), config.uiIngressUrlFormat()));
        ScheduledAppReconciler schedReconciler = new ScheduledAppReconciler(client, scheduled.getStore()::getByKey,
                apps.getStore()::list, events, clock);
        pods.addEventHandler(new EchoAwareHandlers.Pods(queue, appReconciler, APP));
        apps.addEventHandler(new EchoAwareHandlers.Apps(queue, appReconciler, APP, SCHEDULED));
        scheduled.addEventHandler(OnChange.of(s -> queue.add(SCHEDULED + key(s))));
        appInformer = apps;
        informers.addAll(List.of(pods, apps, scheduled));
        // Logged once per outage by the monitor; fabric8 retries after any failure until the controllers stop.
        monitor.follow(PODS_INFORMER, pods, () -> tearingDown, InformerMonitor.Retry.ONCE_STARTED);
        monitor.follow(APPS_INFORMER, apps, () -> tearingDown, InformerMonitor.Retry.ONCE_STARTED);
        monitor.follow(SCHEDULED_INFORMER, scheduled, () -> tearingDown, InformerMonitor.Retry.ONCE_STARTED);
        // Pods first: an app must not be reconciled before its driver pod is visible (no duplicate submission).
        pods.run();
        apps.run();
        scheduled.run();
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(() -> work(queue, appReconciler, schedReconciler), "sparkgate-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        leading = true;
        metrics.leader(true);
    }

    private synchronized void stopControllers() {
        if (!leading) {
            return;
        }
        LOG.info("{} stops acting", config.identity());
        leading = false;
        metrics.leader(false);
        queue.shutDown();
        // Workers finish the reconcile in hand rather than being interrupted: an interrupted submission would
        // come back as a failure and be written as one. New keys are no longer handed out.
        for (Thread t : workers) {
            try {
                t.join(WORKER_STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
        tearingDown = true;
        List.of(PODS_INFORMER, APPS_INFORMER, SCHEDULED_INFORMER).forEach(monitor::forget);
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
        events.close();
    }

    private void work(WorkQueue q, AppReconciler apps, ScheduledAppReconciler scheduled) {
        while (true) {
            String key;
            try {
                key = q.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            String kind = key.startsWith(APP) ? "sparkapplication" : "scheduledsparkapplication";
            try {
                Duration after = key.startsWith(APP) ? apps.reconcile(key.substring(APP.length()))
                        : scheduled.reconcile(key.substring(SCHEDULED.length()));
                q.forget(key);
                if (after != null) {
                    q.addAfter(key, after);
                }
            } catch (StatusWriter.StatusConflict e) {
                q.add(key);
            } catch (RuntimeException e) {
                if (!leading) {
                    return;
                }
                metrics.reconcileError(kind);
                LOG.warn("reconcile of {} failed, retrying with backoff: {}", key, e.toString());
                q.addRateLimited(key);
            } finally {
                q.done(key);
            }
        }
    }

    private static Map<ApplicationStateType, Long> countByState(SharedIndexInformer<SparkApplication> apps) {
        Map<ApplicationStateType, Long> counts = new EnumMap<>(ApplicationStateType.class);
        for (SparkApplication app : apps.getStore().list()) {
            ApplicationStateType s = app.getStatus() == null ? ApplicationStateType.NEW : app.getStatus().state();
            counts.merge(s, 1L, Long::sum);
        }
        return counts;
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }
}
