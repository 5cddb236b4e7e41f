package io.sparkgate.kubelet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One pod's Spark container on this machine: its process once started, and the file its stdout and stderr go to.
 */
final class PodRun {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private final String namespace;
    private final String name;
    private final String uid;
    private final String container;
    private final Path logFile;
    private volatile Process process;
    private volatile boolean killed;

    PodRun(String namespace, String name, String uid, String container, Path logFile) {
        this.namespace = namespace;
        this.name = name;
        this.uid = uid;
        this.container = container;
        this.logFile = logFile;
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    String uid() {
        return uid;
    }

    /** The Spark container's name. */
    String container() {
        return container;
    }

    /** Where the container's output goes. */
    Path logFile() {
        return logFile;
    }

    /** The process, once started; null before. */
    Process process() {
        return process;
    }

    /** Records the started process; false (and the process killed) when the pod was deleted meanwhile. */
    synchronized boolean started(Process started) {
        this.process = started;
        if (killed) {
            stop(started);
            return false;
        }
        return true;
    }

    /** Whether the container may still write to its log. */
    boolean running() {
        Process p = process;
        return !killed && (p == null || p.isAlive());
    }

    /** Whether the pod was deleted, so its end is not reported. */
    boolean killed() {
        return killed;
    }

    /** Stops the process as a kubelet stops a deleted pod: SIGTERM, then SIGKILL after the grace period. */
    synchronized void kill() {
        killed = true;
        if (process != null) {
            stop(process);
        }
    }

    /** Waits for the process to be gone (after {@link #kill}). */
    void awaitGone(Duration timeout) throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.onExit().orTimeout(GRACE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(timeout -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return p;
        });
    }
}
