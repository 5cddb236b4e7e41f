package io.sparkgate.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Submission ids derived from the app rather than drawn at random: the app's uid, a hash of its spec and the run
 * number. An operator killed mid-submission and restarted therefore submits the very same id again, and
 * launcher-core adopts the driver the first attempt created instead of creating a second one. A spec change
 * yields a new id, which is also how a spec change is recognised after a restart.
 */
public final class SubmissionIds {
    private SubmissionIds() {
    }

    /** The submission id of run number {@code run} (0-based) of the app's current spec. */
    public static String forRun(SparkApplication app, int run) {
        String seed = app.getMetadata().getUid() + "/" + specHash(app) + "/" + run;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A hash of the spec without {@code suspend}: suspending and resuming are not spec changes that invalidate a
     * run.
     */
    public static String specHash(SparkApplication app) {
        ObjectNode spec = Json.mapper().valueToTree(app.getSpec());
        spec.remove("suspend");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.mapper().writeValueAsBytes(spec));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a spec", e);
        }
    }

    /** Whether the app's recorded submission belongs to an earlier version of its spec. */
    public static boolean specChangedSinceSubmission(SparkApplication app) {
        var status = app.getStatus();
        if (status == null || status.getSubmissionID() == null || status.getExecutionAttempts() < 1) {
            return false;
        }
        return !status.getSubmissionID().equals(forRun(app, status.getExecutionAttempts() - 1));
    }
}
