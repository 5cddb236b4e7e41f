package io.sparkgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, for code that takes its time from an injected {@link Clock}. (cert-manager-bootstrap's
 * tests keep a copy: that module cannot depend on test-fixtures, which depends on it.)
 */
public final class MutableClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves time forward. */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    /** Sets the time. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
