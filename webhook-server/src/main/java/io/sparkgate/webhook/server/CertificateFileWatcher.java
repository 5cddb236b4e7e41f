package io.sparkgate.webhook.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the certificate and key files and hands a changed pair to a {@link ServingCertificateSink}. It compares
 * contents rather than timestamps or inotify events, because a mounted Secret is updated by swapping the
 * {@code ..data} symlink to a new timestamped directory: the file paths never change, only what they resolve to.
 * A pair that does not match yet (one file written, not the other) is retried on the next poll.
 */
public final class CertificateFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateFileWatcher.class);

    private final Path certFile;
    private final Path keyFile;
    private final ServingCertificateSink sink;
    private final ScheduledExecutorService executor;
    private String appliedCert;
    private String appliedKey;
    private String lastFailure;

    /**
     * A watcher of two files whose current contents are already in use.
     *
     * @param inUseCert the certificate PEM the server started with
     * @param inUseKey  the key PEM the server started with
     */
    public CertificateFileWatcher(Path certFile, Path keyFile, ServingCertificateSink sink, String inUseCert,
                                  String inUseKey) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.sink = sink;
        this.appliedCert = inUseCert;
        this.appliedKey = inUseKey;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkgate-cert-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling every {@code interval}. */
    public void start(Duration interval) {
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks the files once and installs a changed, consistent pair; returns whether it installed one. */
    public synchronized boolean poll() {
        String cert;
        String key;
        try {
            cert = Files.readString(certFile, StandardCharsets.US_ASCII);
            key = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            failed("cannot read " + e.getMessage() + "; the current certificate stays in use");
            return false;
        }
        if (cert.equals(appliedCert) && key.equals(appliedKey)) {
            return false;
        }
        LOG.info("{} or {} changed: installing the new certificate", certFile, keyFile);
        try {
            sink.update(cert, key).toCompletableFuture().get(10, TimeUnit.SECONDS);
            appliedCert = cert;
            appliedKey = key;
            lastFailure = null;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failed(certFile + " / " + keyFile + " changed but cannot be used yet: " + cause.getMessage()
                    + "; the current certificate stays in use");
            return false;
        }
    }

    private void failed(String message) {
        if (!message.equals(lastFailure)) {
            LOG.warn(message);
            lastFailure = message;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
