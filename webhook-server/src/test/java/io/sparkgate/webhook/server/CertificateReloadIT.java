package io.sparkgate.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.Json;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.Reviews;
import io.sparkgate.webhook.apps.AppLookup;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replaces the certificate the way kubelet updates a mounted Secret (the {@code ..data} symlink swapped to a new
 * timestamped directory) while clients keep sending: no request fails, open connections stay up, and new
 * handshakes get the new certificate — with BoringSSL and with the JDK's engine, which read certificates through
 * the same key manager.
 */
class CertificateReloadIT {
    @TempDir
    Path mount;

    @ParameterizedTest
    @EnumSource(value = TlsEngine.class, names = {"OPENSSL", "JDK"})
    void secretSymlinkSwapIsServedWithoutDroppingAnything(TlsEngine engine) throws Exception {
        TestPki pki = new TestPki();
        IssuedCertificate first = pki.issue();
        IssuedCertificate second = pki.issue();
        project(first, "..2026_01_01_00_00_00.1");
        Files.createSymbolicLink(mount.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Files.createSymbolicLink(mount.resolve("tls.key"), Path.of("..data/tls.key"));

        try (TestServer server = new TestServer(pki, TestServer.config(mount).withTlsEngine(engine),
                AdmissionEndpoints.Components.defaults(), AppLookup.none(), Duration.ZERO)) {
            assertThat(server.server.tlsEngine()).isEqualTo(engine);
            int port = server.server.port();
            assertThat(servedSerial(pki, port)).isEqualTo(first.certificate().getSerialNumber());
            byte[] review = Json.write(Reviews.podCreate(SparkFixtures.podJson(SparkFixtures.EXECUTORS), "default"))
                    .getBytes(StandardCharsets.UTF_8);
            try (SSLSocket open = pki.socket(port)) {
                assertThat(exchange(open, review)).startsWith("HTTP/1.1 200");

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger ok = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                HttpClient keepAlive = HttpClient.newBuilder().sslContext(pki.sslContext()).build();
                Thread load = new Thread(() -> {
                    while (running.get()) {
                        send(keepAlive, port, review, ok, failed);
                        HttpClient fresh = HttpClient.newBuilder().sslContext(pki.sslContext()).build();
                        send(fresh, port, review, ok, failed); // a new connection, so a new handshake
                    }
                });
                load.start();
                Thread.sleep(300);

                project(second, "..2026_01_02_00_00_00.2");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!servedSerial(pki, port).equals(second.certificate().getSerialNumber())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                int atSwitch = ok.get();
                while (ok.get() < atSwitch + 6 && System.nanoTime() < deadline + Duration.ofSeconds(20).toNanos()) {
                    Thread.sleep(50); // keep sending on the new certificate for a while
                }
                running.set(false);
                load.join();

                assertThat(servedSerial(pki, port)).isEqualTo(second.certificate().getSerialNumber());
                assertThat(failed.get()).as("failed requests during the reload").isZero();
                assertThat(ok.get()).isGreaterThan(6);
                // The connection opened before the swap still works, on its original certificate.
                assertThat(exchange(open, review)).startsWith("HTTP/1.1 200");
                assertThat(((X509Certificate) open.getSession().getPeerCertificates()[0]).getSerialNumber())
                        .isEqualTo(first.certificate().getSerialNumber());
            }
            String metrics = server.registry.scrape();
            assertThat(metrics).contains("sparkgate_tls_certificate_reloads_total{result=\"success\"} 2.0")
                    .contains("sparkgate_tls_engine{engine=\"" + engine.label() + "\"} 1.0");
        }
    }

    /** Writes a new timestamped directory and atomically points {@code ..data} at it, as kubelet does. */
    private void project(IssuedCertificate certificate, String version) throws Exception {
        Path dir = mount.resolve(version);
        TestPki.write(dir, certificate);
        Path tmp = mount.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, Path.of(version));
        Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void send(HttpClient client, int port, byte[] review, AtomicInteger ok, AtomicInteger failed) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + port + "/mutate/pods"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build(), HttpResponse.BodyHandlers.ofString());
            (response.statusCode() == 200 ? ok : failed).incrementAndGet();
        } catch (Exception e) {
            failed.incrementAndGet();
        }
    }

    private static BigInteger servedSerial(TestPki pki, int port) throws Exception {
        try (SSLSocket socket = pki.socket(port)) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** One keep-alive HTTP/1.1 exchange on an open socket; returns the status line and headers. */
    private static String exchange(SSLSocket socket, byte[] body) throws Exception {
        String head = "POST /mutate/pods HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed: " + headers);
            }
            headers.write(b);
        }
        String text = headers.toString(StandardCharsets.US_ASCII);
        int length = Integer.parseInt(text.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        in.readNBytes(length);
        return text;
    }
}
