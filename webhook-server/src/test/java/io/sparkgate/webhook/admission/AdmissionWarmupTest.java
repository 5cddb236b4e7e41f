package io.sparkgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The warm-up drives the full admission path (each pod patched, each object allowed, checked in its first round)
 * and finishes within its budget; started in the background it is a readiness condition that turns true.
 */
class AdmissionWarmupTest {
    @Test
    void warmsTheFullPathWithinItsBudget() {
        AdmissionWarmup.Result r = AdmissionWarmup.run(Duration.ofSeconds(3));
        assertThat(r.rounds()).isPositive();
        assertThat(r.millis()).isLessThan(3_500);
        assertThat(r.lastMicros()).isPositive();
    }

    @Test
    void inTheBackgroundItIsAReadinessConditionThatTurnsTrue() throws Exception {
        AdmissionWarmup warmup = AdmissionWarmup.start(Duration.ofMillis(500));
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!warmup.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(warmup.getAsBoolean()).isTrue();
        assertThat(warmup.result()).isPresent();
    }
}
