package io.sparkgate.launcher.spark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The parts Spark draws at random for each submission. Spark's ids are six random hex digits followed by ten
 * digits of the submit time; ours keep that 16-hex shape but are derived from the submission id, so a retried
 * attempt of one submission names every object exactly as the first attempt did (idempotency).
 *
 * @param appId            {@code spark.app.id} and the {@code spark-app-selector} label
 * @param submissionId     the submission the run belongs to
 * @param namePrefixId     the id in the resource-name prefix ({@code <app>-<id>})
 * @param serviceId        the id in the short Service name, used when the preferred one is too long
 * @param configMapId      the id in {@code spark-drv-<id>-conf-map}
 * @param localDirUuid     the UUID in the local dir {@code /var/data/spark-<uuid>}
 * @param submitTimeMillis {@code spark.app.submitTime}
 */
public record RunIds(String appId, String submissionId, String namePrefixId, String serviceId, String configMapId,
                     String localDirUuid, long submitTimeMillis) {

    /** Checks every id is present. */
    public RunIds {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(submissionId, "submissionId");
        Objects.requireNonNull(namePrefixId, "namePrefixId");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(configMapId, "configMapId");
        Objects.requireNonNull(localDirUuid, "localDirUuid");
    }

    /** The ids of one submission: derived from its id, so every attempt of it yields the same names. */
    public static RunIds derive(String appId, String submissionId, long submitTimeMillis) {
        return new RunIds(appId, submissionId, hex16(submissionId, "name"), hex16(submissionId, "svc"),
                hex16(submissionId, "conf-map"),
                UUID.nameUUIDFromBytes(bytes(submissionId + "/local-dir")).toString(), submitTimeMillis);
    }

    /**
     * Spark's application id for a submission id: {@code spark-} and 32 hex digits, as Spark writes it
     * ({@code spark-<uuid without dashes>}). A UUID submission id is used as is; any other is hashed.
     */
    public static String appIdFor(String submissionId) {
        try {
            return "spark-" + UUID.fromString(submissionId).toString().replace("-", "");
        } catch (IllegalArgumentException notUuid) {
            return "spark-" + HexFormat.of().formatHex(sha256(bytes(submissionId))).substring(0, 32);
        }
    }

    private static String hex16(String submissionId, String purpose) {
        return HexFormat.of().formatHex(sha256(bytes(submissionId + "/" + purpose))).substring(0, 16);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
