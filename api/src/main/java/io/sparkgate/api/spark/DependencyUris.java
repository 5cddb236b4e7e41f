package io.sparkgate.api.spark;

import java.util.Optional;

/**
 * Which dependency URIs a cluster-mode submission without a submitter's disk can use: {@code local://} (a file
 * inside the image) and remote URIs. Spark would upload a file of the submitter's disk (no scheme or
 * {@code file://}) to {@code spark.kubernetes.file.upload.path}; the launcher has no such disk, so admission and
 * the launcher refuse it with the same words.
 */
public final class DependencyUris {
    /** What to use instead, for messages. */
    public static final String ACCEPTED_FORMS = "use local:// for a file inside the image or a remote URI "
            + "(s3a://, https://, ...)";

    private DependencyUris() {
    }

    /** Why the URI cannot be used (without the field name), or empty when it can; a {@code #alias} is ignored. */
    public static Optional<String> problem(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("must not be empty");
        }
        String path = uri.trim().split("#", 2)[0];
        int colon = path.indexOf(':');
        String scheme = colon > 1 ? path.substring(0, colon) : null;
        if (scheme == null || scheme.equals("file")) {
            return Optional.of("\"" + uri + "\" is a file on the submitter's disk; " + ACCEPTED_FORMS);
        }
        return Optional.empty();
    }
}
