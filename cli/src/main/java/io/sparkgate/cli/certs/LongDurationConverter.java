package io.sparkgate.cli.certs;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Reads certificate lifetimes as people write them: {@code 1825d}, {@code 8760h}, {@code 90m}, {@code 30s} or ISO-8601. */
public final class LongDurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 'd':
                    return Duration.ofDays(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 's':
                    return Duration.ofSeconds(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write e.g. 365d, 12h or 30s");
    }
}
