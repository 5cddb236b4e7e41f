package io.sparkgate.policy.rules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schedules kubeflow's operator accepts (robfig/cron's standard parser): five cron fields, a descriptor
 * ({@code @daily}, ...), or {@code @every <Go duration>}, optionally after {@code CRON_TZ=<zone>} or
 * {@code TZ=<zone>}.
 */
public final class Schedules {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Set<String> DESCRIPTORS =
            Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");

    private Schedules() {
    }

    /** Why the schedule does not parse, or empty when it does. */
    public static Optional<String> problem(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            return Optional.of("must not be empty");
        }
        String s = schedule.trim();
        if (s.startsWith("CRON_TZ=") || s.startsWith("TZ=")) {
            int space = s.indexOf(' ');
            String zone = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
            Optional<String> zoneProblem = zoneProblem(zone);
            if (zoneProblem.isPresent()) {
                return zoneProblem;
            }
            s = space < 0 ? "" : s.substring(space + 1).trim();
        }
        if (s.startsWith("@every ")) {
            String d = s.substring("@every ".length()).trim();
            return GO_DURATION.matcher(d).matches() ? Optional.empty()
                    : Optional.of("\"" + d + "\" is not a duration (e.g. 30m, 1h30m)");
        }
        if (DESCRIPTORS.contains(s)) {
            return Optional.empty();
        }
        try {
            UNIX.parse(s).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("\"" + schedule + "\" is not a cron schedule (five fields, e.g. \"0 2 * * *\", "
                    + "or @daily, @every 1h): " + e.getMessage());
        }
    }

    /** Why a time zone name is unknown, or empty when it is known. */
    public static Optional<String> zoneProblem(String zone) {
        try {
            ZoneId.of(zone);
            return Optional.empty();
        } catch (DateTimeException e) {
            return Optional.of("\"" + zone + "\" is not a known time zone (e.g. Europe/Paris, UTC)");
        }
    }
}
