package io.sparkgate.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Cluster DNS for the local pods: a hosts file, read by each JVM through {@code -Djdk.net.hosts.file}, that points
 * every Service ({@code name.ns.svc[.cluster.local]}, {@code name.ns}) and every pod name at 127.0.0.1, where the
 * local pods listen. Rewritten before each pod starts, so the driver Service Spark created is in it before any
 * executor looks it up.
 */
final class HostsFile {
    private final KubernetesClient client;
    private final Path file;

    HostsFile(KubernetesClient client, Path file) {
        this.client = client;
        this.file = file;
    }

    /** The file's path. */
    Path path() {
        return file;
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }

    /** Writes the current names (atomically: a JVM reading it sees the old or the new file). */
    synchronized void refresh() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        // The machine's own name: Spark looks it up (InetAddress.getLocalHost) before anything else.
        names.add(machineName());
        names.add("kubernetes.default.svc");
        names.add("kubernetes.default.svc.cluster.local");
        for (Service service : client.services().inAnyNamespace().list().getItems()) {
            String name = service.getMetadata().getName();
            String ns = service.getMetadata().getNamespace();
            names.add(name + "." + ns);
            names.add(name + "." + ns + ".svc");
            names.add(name + "." + ns + ".svc.cluster.local");
            names.add(name);
        }
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            names.add(pod.getMetadata().getName());
        }
        StringBuilder text = new StringBuilder("# written by sparkgate's local kubelet\n");
        names.forEach(n -> text.append(PodEnvironment.POD_IP).append(' ').append(n).append('\n'));
        Files.createDirectories(file.getParent());
        Path next = Files.createTempFile(file.getParent(), "hosts", ".tmp");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
