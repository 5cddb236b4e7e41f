package io.sparkgate.policy.quota;

import io.sparkgate.policy.quota.ReservationLedger.Key;
import io.sparkgate.policy.quota.ReservationLedger.Kind;
import io.sparkgate.policy.quota.ReservationLedger.Reservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of reservations in a ConfigMap's {@code data}: one key per reserved object,
 * {@code app.<namespace>.<name>} or {@code pod.<namespace>.<name>} (namespaces hold no dot), and a value
 * {@code cpu=<millicores>,mem=<MiB>,cpuLimit=<millicores>,memLimit=<MiB>,executors=<n>,app=<app or ->,
 * expires=<epoch ms>} (the limits optional, 0 when absent), so a reservation reads back equal to what was reserved. Entries that do not parse
 * or hold a negative amount (a hand edit) are dropped, never counted negative.
 */
public final class SharedReservations {
    private SharedReservations() {
    }

    /** The reservations of {@code data}; malformed entries are skipped. */
    public static List<Reservation> decode(Map<String, String> data) {
        List<Reservation> out = new ArrayList<>();
        data.forEach((k, v) -> {
            Reservation r = decode(k, v);
            if (r != null) {
                out.add(r);
            }
        });
        return out;
    }

    private static Reservation decode(String key, String value) {
        String[] parts = key.split("\\.", 3);
        if (parts.length != 3 || value == null) {
            return null;
        }
        Kind kind = switch (parts[0]) {
            case "app" -> Kind.APP;
            case "pod" -> Kind.POD;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        Map<String, String> fields = new TreeMap<>();
        for (String f : value.split(",")) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                fields.put(f.substring(0, eq).trim(), f.substring(eq + 1).trim());
            }
        }
        try {
            long cpu = Long.parseLong(fields.get("cpu"));
            long mem = Long.parseLong(fields.get("mem"));
            long cpuLimit = Long.parseLong(fields.getOrDefault("cpuLimit", "0"));
            long memLimit = Long.parseLong(fields.getOrDefault("memLimit", "0"));
            long executors = Long.parseLong(fields.get("executors"));
            long expires = Long.parseLong(fields.get("expires"));
            if (cpu < 0 || mem < 0 || cpuLimit < 0 || memLimit < 0 || executors < 0) {
                return null;
            }
            String app = fields.getOrDefault("app", "-");
            return new Reservation(new Key(kind, parts[1], parts[2]), "-".equals(app) ? null : app,
                    new Resources(cpu, mem, cpuLimit, memLimit, executors, 0), Instant.ofEpochMilli(expires));
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /** The data holding {@code reservations}, keys in a stable order. */
    public static Map<String, String> encode(List<Reservation> reservations) {
        Map<String, String> out = new TreeMap<>();
        for (Reservation r : reservations) {
            Resources a = r.amount();
            out.put(key(r.key()), "cpu=" + a.cpuMillis() + ",mem=" + a.memoryMiB() + ",cpuLimit=" + a.cpuLimitMillis()
                    + ",memLimit=" + a.memoryLimitMiB() + ",executors=" + a.executors() + ",app=" + (r.app() == null ? "-" : r.app()) + ",expires="
                    + r.expires().toEpochMilli());
        }
        return out;
    }

    /** The data key of a reservation. */
    public static String key(Key key) {
        return (key.kind() == Kind.APP ? "app" : "pod") + "." + key.namespace() + "." + key.name();
    }
}
