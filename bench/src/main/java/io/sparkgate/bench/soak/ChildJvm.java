package io.sparkgate.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One production process of the soak ({@code sparkgate webhook} or {@code sparkgate operator}) in its own JVM, its
 * output appended to a log file. Restarted when it exits, as the kubelet would restart the container, and the
 * restarts counted. Its live heap is what the JVM's own GC log ({@code -Xlog:gc}, added to its flags) reports
 * after a full collection requested from outside ({@code jcmd PID GC.run}): the {@code B} of {@code Pause Full
 * (Diagnostic Command) A->B(C)}, in whole MiB. (The spaces read with {@code jstat} after the collection would count
 * what the process allocated in between: with the webhook's ~100 MiB young generation, up to 100 MiB more.) Its RSS
 * is read from /proc.
 */
final class ChildJvm {
    private static final Pattern AFTER = Pattern.compile("\\d+M->(\\d+)M\\(");
    private final String name;
    private final List<String> command;
    private final Path log;
    private final Path gcLog;
    private volatile Process process;
    private int restarts;
    private final List<String> exits = new ArrayList<>();
    private long startedMillis;

    ChildJvm(String name, List<String> command, Path log) {
        this.name = name;
        this.gcLog = log.resolveSibling(name + "-gc.log");
        List<String> withGcLog = new ArrayList<>(command);
        withGcLog.add(1, "-Xlog:gc:file=" + gcLog);
        this.command = List.copyOf(withGcLog);
        this.log = log;
    }

    /** Starts the process (again). */
    synchronized ChildJvm start() throws IOException {
        startedMillis = System.currentTimeMillis();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** If the process has exited, notes its exit code and starts it again; true when it did. */
    synchronized boolean restartIfExited() throws IOException {
        if (process.isAlive()) {
            return false;
        }
        exits.add("exit " + process.exitValue() + " after " + (System.currentTimeMillis() - startedMillis) / 1000
                + " s");
        restarts++;
        start();
        return true;
    }

    synchronized int restarts() {
        return restarts;
    }

    synchronized List<String> exits() {
        return List.copyOf(exits);
    }

    synchronized long pid() {
        return process.pid();
    }

    /** Wall-clock time of the last start. */
    synchronized long startedMillis() {
        return startedMillis;
    }

    String name() {
        return name;
    }

    /** Resident set size from /proc/PID/status, in MiB; NaN if the process is gone. */
    double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Live heap in MiB after a full GC requested through jcmd, from the GC log; NaN if none was logged. */
    double liveHeapMib() throws IOException, InterruptedException {
        long before = fullCollections().size();
        run("jcmd", Long.toString(pid()), "GC.run");
        for (int i = 0; i < 50; i++) {
            List<String> full = fullCollections();
            if (full.size() > before) {
                return afterMib(full.get(full.size() - 1));
            }
            Thread.sleep(100);
        }
        return Double.NaN;
    }

    /** The heap after the collection of one {@code -Xlog:gc} line ({@code ... 245M->89M(365M) 451ms}), MiB. */
    static double afterMib(String gcLogLine) {
        Matcher m = AFTER.matcher(gcLogLine);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The lines of the full collections jcmd requested, in order. */
    static boolean requestedFull(String gcLogLine) {
        return gcLogLine.contains("Pause Full (Diagnostic Command)");
    }

    private List<String> fullCollections() throws IOException {
        if (!Files.exists(gcLog)) {
            return List.of();
        }
        try (var lines = Files.lines(gcLog)) {
            return lines.filter(ChildJvm::requestedFull).toList();
        }
    }

    /** Sends SIGTERM without waiting (from a shutdown hook); nothing if never started. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
    synchronized void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.lines().forEach(lines::add);
        }
        p.waitFor();
        return lines;
    }
}
