package io.sparkgate.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process certificate manager the webhook runs: every replica watches the serving Secret and reloads what it
 * holds; in {@link ManagerOptions.Mode#MANAGED} mode one replica, elected by a Lease, also issues, renews, rotates,
 * repairs and keeps the caBundles right (on a watch of the webhook configurations).
 */
public final class CertificateManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);
    private static final Duration ERROR_RETRY = Duration.ofSeconds(5);
    private static final Duration STEP = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final CertificateSettings settings;
    private final ManagerOptions options;
    private final Clock clock;
    private final CertificateReconciler reconciler;
    private final ServingCertificateWatcher secretWatcher;
    private final WebhookConfigurationWatcher configWatcher;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean forceLeaf = new AtomicBoolean();
    private final AtomicBoolean forceCa = new AtomicBoolean();
    private ScheduledFuture<?> next;
    private CompletableFuture<?> election;

    /**
     * A manager; nothing runs before {@link #start()}.
     *
     * @param listener receives each validated serving certificate (adapt it to the server's reload hook)
     * @param probe    tells when every replica serves a new leaf (e.g. {@link EndpointRolloutProbe})
     */
    public CertificateManager(KubernetesClient client, CertificateSettings settings, ManagerOptions options,
                              ServingCertificateListener listener, RolloutProbe probe, MeterRegistry registry,
                              Clock clock, SecureRandom random) {
        this.client = client;
        this.settings = settings;
        this.options = options;
        this.clock = clock;
        CertificateEvents events = new CertificateEvents(client, settings.namespace(), settings.secretName(),
                options.identity(), clock);
        this.reconciler = new CertificateReconciler(settings, new CertificateSecrets(client, settings),
                new CaBundleInjector(client, settings.webhookConfigurations(), clock), probe, events, clock, random);
        List<String> required = options.mode() == ManagerOptions.Mode.MANAGED ? settings.dnsNames()
                : List.of(settings.apiServerHostname());
        this.secretWatcher = new ServingCertificateWatcher(client, settings, required, listener, events,
                new CertificateMetrics(registry), clock, this::trigger, options.resync());
        this.configWatcher = new WebhookConfigurationWatcher(client, settings.webhookConfigurations(), this::trigger);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkgate-certificates");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching the Secret and, when managed, competing for the writer's Lease. */
    public synchronized void start() {
        secretWatcher.start();
        if (options.mode() == ManagerOptions.Mode.MANAGED) {
            election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName(options.leaseName())
                    .withLock(new LeaseLock(settings.namespace(), options.leaseName(), options.identity()))
                    .withLeaseDuration(options.leaseDuration()).withRenewDeadline(options.renewDeadline())
                    .withRetryPeriod(options.retryPeriod()).withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                            id -> LOG.info("certificate writer is {}", id)))
                    .build()).build().start();
        }
    }

    /** Whether this replica is the certificate writer. */
    public boolean isLeader() {
        return leader.get();
    }

    /** The certificate this replica serves, or {@code null} before the first valid one arrived. */
    public ServingCertificateCheck.Valid servedCertificate() {
        return secretWatcher.current();
    }

    /** Asks the writer (if this replica is it) to renew the leaf, or roll the CA over, now. */
    public void requestRotation(boolean ca) {
        (ca ? forceCa : forceLeaf).set(true);
        trigger();
    }

    /** Runs a pass soon if this replica writes; coalesces bursts of watch events into one pass. */
    void trigger() {
        if (leader.get() && queued.compareAndSet(false, true)) {
            executor.execute(this::pass);
        }
    }

    private void startLeading() {
        LOG.info("{} now writes the certificates of {}/{}", options.identity(), settings.namespace(),
                settings.secretName());
        leader.set(true);
        configWatcher.start();
        trigger();
    }

    private void stopLeading() {
        LOG.info("{} no longer writes certificates", options.identity());
        leader.set(false);
        configWatcher.close();
        synchronized (this) {
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    private void pass() {
        queued.set(false);
        if (!leader.get()) {
            return;
        }
        Duration delay;
        try {
            CertificatePlan plan = reconciler.reconcile(forceLeaf.getAndSet(false), forceCa.getAndSet(false));
            Instant at = plan instanceof CertificatePlan.Keep keep ? keep.nextCheck()
                    : plan instanceof CertificatePlan.WaitForBundle wait ? wait.nextCheck() : clock.instant().plus(STEP);
            delay = Duration.between(clock.instant(), at);
            delay = delay.compareTo(options.resync()) > 0 ? options.resync() : delay;
            delay = delay.isNegative() ? Duration.ZERO : delay;
        } catch (RuntimeException e) {
            if (executor.isShutdown()) {
                return; // closing: the interrupted call is expected
            }
            LOG.warn("certificate pass failed, retrying in {}: {}", ERROR_RETRY, e.toString());
            delay = ERROR_RETRY;
        }
        schedule(delay);
    }

    private synchronized void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        if (!executor.isShutdown()) {
            next = executor.schedule(this::trigger, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops watching, gives the Lease up and stops the writer. */
    @Override
    public synchronized void close() {
        if (election != null) {
            election.cancel(true);
        }
        leader.set(false);
        configWatcher.close();
        secretWatcher.close();
        executor.shutdownNow();
    }
}
