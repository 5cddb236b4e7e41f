package io.sparkgate.informers;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link InformerMonitor} knows of one informer: when its cache was last known current and whether it is in an
 * outage (since when, and why). Logs the outage's beginning and end once each.
 */
final class InformerState {
    private static final Logger LOG = LoggerFactory.getLogger(InformerMonitor.class);

    private final String name;
    private final SharedIndexInformer<?> informer;
    private final Clock clock;
    private Instant lastContact;
    private String lastVersion;
    private Instant outageSince;
    private String outageCause;

    InformerState(String name, SharedIndexInformer<?> informer, Clock clock) {
        this.name = name;
        this.informer = informer;
        this.clock = clock;
        this.lastContact = clock.instant();
    }

    /** The informer's list or watch failed (fabric8 retries it). */
    synchronized void failed(String error) {
        begin(error);
    }

    /** An event arrived: the cache is current. */
    synchronized void contact() {
        lastContact = clock.instant();
    }

    /**
     * A periodic check: a resourceVersion moved on (relist, bookmark) is contact; a watching informer of a server
     * that answers is current and, if it was in an outage, out of it; a server that does not answer begins one.
     *
     * @param unanswered why the API server did not answer the probe, empty when it did
     */
    synchronized void check(Optional<String> unanswered) {
        Instant now = clock.instant();
        String version = informer.lastSyncResourceVersion();
        if (version != null && !Objects.equals(version, lastVersion)) {
            lastVersion = version;
            lastContact = now;
        }
        if (unanswered.isPresent()) {
            begin(unanswered.get());
            return;
        }
        if (informer.isWatching()) {
            lastContact = now;
            if (outageSince != null) {
                LOG.info("informer {}: watching again after {} s without the API server ({}); its cache is current",
                        name, Duration.between(outageSince, now).toMillis() / 1000.0, outageCause);
                outageSince = null;
                outageCause = null;
            }
        }
    }

    synchronized Duration staleness() {
        Duration d = Duration.between(lastContact, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Whether an outage is going on. */
    synchronized boolean inOutage() {
        return outageSince != null;
    }

    private void begin(String cause) {
        if (outageSince == null) {
            outageSince = clock.instant();
            outageCause = cause;
            LOG.warn("informer {}: lost the API server ({}); answering from its cache, last current {} s ago, "
                    + "while it retries", name, cause, staleness().toMillis() / 1000.0);
        } else {
            LOG.debug("informer {}: still failing: {}", name, cause);
        }
    }
}
