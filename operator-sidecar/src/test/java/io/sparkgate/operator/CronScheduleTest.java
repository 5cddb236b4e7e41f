package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Schedules as kubeflow reads them: five fields, descriptors, {@code @every} and a time zone. */
class CronScheduleTest {
    private static final Instant T = Instant.parse("2026-11-21T10:17:30Z");

    @Test
    void fiveFieldCron() {
        assertThat(CronSchedule.parse("*/15 * * * *", "").next(T)).isEqualTo(Instant.parse("2026-11-21T10:30:00Z"));
        assertThat(CronSchedule.parse("0 3 * * 1", null).next(T)).isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
    }

    @Test
    void descriptorsAndEvery() {
        assertThat(CronSchedule.parse("@daily", null).next(T)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(CronSchedule.parse("@hourly", null).next(T)).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(CronSchedule.parse("@every 3m", null).next(T)).isEqualTo(T.plusSeconds(180));
        assertThat(CronSchedule.parse("@every 1h30m", null).next(T)).isEqualTo(T.plusSeconds(5400));
    }

    @Test
    void timeZoneShiftsTheSchedule() {
        // 02:00 in Tokyo (UTC+9) is 17:00 UTC the day before.
        assertThat(CronSchedule.parse("0 2 * * *", "Asia/Tokyo").next(T))
                .isEqualTo(Instant.parse("2026-11-21T17:00:00Z"));
    }

    @Test
    void badSchedulesNameTheField() {
        assertThatThrownBy(() -> CronSchedule.parse("every day", null)).hasMessageStartingWith("spec.schedule:");
        assertThatThrownBy(() -> CronSchedule.parse("@every soon", null)).hasMessageContaining("@every needs");
        assertThatThrownBy(() -> CronSchedule.parse("@daily", "Mars/Olympus")).hasMessageStartingWith("spec.timeZone:");
    }
}
