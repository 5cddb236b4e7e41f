package io.sparkgate.mutators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Volume names derived from object names. A volume name must be a DNS-1123 label (lower-case alphanumerics and
 * '-', at most 63 characters), while ConfigMap and Secret names may hold dots and run to 253 characters; kubeflow
 * truncated such names, which could make two volumes collide (kubeflow/spark-operator#1000). A name that is not a
 * valid label keeps a readable prefix and gets a short stable hash of the original.
 */
public final class DnsNames {
    /** The longest DNS-1123 label. */
    public static final int MAX_LABEL = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int HASH_CHARS = 8;
    private static final int MAX_SUBDOMAIN = 253;
    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private DnsNames() {
    }

    /** Whether the string is a DNS-1123 label. */
    public static boolean isLabel(String s) {
        return s != null && s.length() <= MAX_LABEL && LABEL.matcher(s).matches();
    }

    /** Whether the string is a DNS-1123 subdomain, the form of ConfigMap, Secret and claim names. */
    public static boolean isSubdomain(String s) {
        return s != null && s.length() <= MAX_SUBDOMAIN && SUBDOMAIN.matcher(s).matches();
    }

    /**
     * Whether the string is a qualified name, the form of label and annotation keys and extended resource names
     * ({@code nvidia.com/gpu}): an optional subdomain prefix and '/', then a name of at most 63 characters.
     */
    public static boolean isQualifiedName(String s) {
        if (s == null) {
            return false;
        }
        int slash = s.indexOf('/');
        String name = slash < 0 ? s : s.substring(slash + 1);
        if (slash >= 0 && !isSubdomain(s.substring(0, slash))) {
            return false;
        }
        return name.length() <= MAX_LABEL && NAME_PART.matcher(name).matches();
    }

    /** Whether the string may be a label value: empty, or a name part of at most 63 characters. */
    public static boolean isLabelValue(String s) {
        return s != null && (s.isEmpty() || (s.length() <= MAX_LABEL && NAME_PART.matcher(s).matches()));
    }

    /** {@code name + suffix} when that is a DNS-1123 label, else a DNS-safe prefix, a hash of name, and suffix. */
    public static String volumeName(String name, String suffix) {
        String plain = name + suffix;
        if (isLabel(plain)) {
            return plain;
        }
        String hash = sha256(name).substring(0, HASH_CHARS);
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        int room = MAX_LABEL - suffix.length() - HASH_CHARS - 1;
        if (safe.length() > room) {
            safe = safe.substring(0, room);
        }
        safe = safe.replaceAll("^-+|-+$", "");
        return (safe.isEmpty() ? "v" : safe) + "-" + hash + suffix;
    }

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
