package io.sparkgate.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Issue 16's cold start: how many pods a freshly started webhook admits in each of its first seconds, with and
 * without the production warm-up. For each mode it starts {@link BenchServer} in a new JVM (the same classpath),
 * waits for its port file (written once the server listens, after the warm-up when {@code warm}), then drives
 * {@code h2load} (HTTP/1.1 over TLS, 16 connections, closed loop) at {@code /mutate/pods} with the rich app's driver
 * pod for {@code SECONDS} and prints the requests completed in each second from h2load's per-request log.
 *
 * <p>Usage: {@code ColdStart OUT CLASSPATH [seconds=10]} (h2load on the PATH: Debian's {@code nghttp2-client}).
 */
public final class ColdStart {
    private ColdStart() {
    }

    /** Runs both modes and prints one line per second of each. */
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        String classpath = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        for (String mode : List.of("cold", "warm")) {
            Path dir = out.resolve(mode);
            BenchRuns.Server server = BenchRuns.start(classpath, dir, seconds + 60, mode.equals("warm"));
            try {
                Path log = dir.resolve("h2load.log");
                Files.deleteIfExists(log); // h2load appends: a second run would count the first one's requests
                BenchRuns.h2load(dir, List.of("--h1", "-c16", "-m1", "-D", Integer.toString(seconds),
                        "--log-file=" + log, "-d", dir.resolve("rich-driver-review.json").toString(), "-H",
                        "content-type: application/json", "https://127.0.0.1:" + server.port() + "/mutate/pods"),
                        seconds + 30);
                System.out.printf("%s: listening %d ms after launch; per second after that: %s%n", mode,
                        server.millisToListen(), perSecond(log));
            } finally {
                server.stop();
            }
        }
    }

    /** Requests completed with status 200 in each second of h2load's log, counted from the first request's start. */
    static TreeMap<Long, Integer> perSecond(Path log) throws IOException {
        List<long[]> rows = BenchRuns.answered(log);
        long first = rows.stream().mapToLong(r -> r[0]).min().orElse(0);
        TreeMap<Long, Integer> buckets = new TreeMap<>();
        for (long[] r : rows) {
            buckets.merge((r[0] + r[1] - first) / 1_000_000, 1, Integer::sum);
        }
        return buckets;
    }
}
