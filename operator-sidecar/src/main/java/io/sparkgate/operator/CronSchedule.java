package io.sparkgate.operator;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ScheduledSparkApplication's schedule as kubeflow (robfig/cron) reads it: five cron fields, a descriptor
 * ({@code @daily}, {@code @hourly}, ...) or {@code @every <Go duration>}, evaluated in {@code timeZone} (UTC
 * when empty).
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

    private final Function<Instant, Instant> next;

    private CronSchedule(Function<Instant, Instant> next) {
        this.next = next;
    }

    /** Parses a schedule, or explains in the message what is wrong with it (or with the time zone). */
    public static CronSchedule parse(String schedule, String timeZone) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("spec.schedule: required");
        }
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("spec.timeZone: unknown time zone " + timeZone);
        }
        String s = schedule.trim();
        if (s.toLowerCase(Locale.ROOT).startsWith("@every")) {
            Duration every = goDuration(s.substring("@every".length()).trim())
                    .orElseThrow(() -> new IllegalArgumentException("spec.schedule: @every needs a duration like "
                            + "30s, 5m or 1h30m, got \"" + schedule + "\""));
            return new CronSchedule(after -> after.plus(every));
        }
        String cron = DESCRIPTORS.getOrDefault(s.toLowerCase(Locale.ROOT), s);
        try {
            ExecutionTime times = ExecutionTime.forCron(UNIX.parse(cron));
            return new CronSchedule(after -> times.nextExecution(ZonedDateTime.ofInstant(after, zone))
                    .map(ZonedDateTime::toInstant).orElse(Instant.MAX));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.schedule: not a 5-field cron expression or descriptor: \""
                    + schedule + "\" (" + e.getMessage() + ")");
        }
    }

    /** The first run time strictly after {@code after}. */
    public Instant next(Instant after) {
        return next.apply(after);
    }

    private static Optional<Duration> goDuration(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double n = Double.parseDouble(m.group(1));
            millis += (long) (n * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            });
            end = m.end();
        }
        return end == text.length() && millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }
}
