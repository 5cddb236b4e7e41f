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
    private static final int HASH_CHARS = 8;
    private static final int MAX_SUBDOMAIN = 253;
    private static final Pattern NOT_LABEL_CHARS = Pattern.compile("[^a-z0-9-]");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");

    private DnsNames() {
    }

    // The checks below are loops rather than regular expressions: the mutators run several per admitted pod,
    // and a regex match cost about as much as a whole mutator (docs/benchmarks.md, issue 3).

    /** Whether the string is a DNS-1123 label: {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}. */
    public static boolean isLabel(String s) {
        return s != null && s.length() <= MAX_LABEL && isLabelShaped(s, 0, s.length());
    }

    /** Whether the string is a DNS-1123 subdomain, the form of ConfigMap, Secret and claim names. */
    public static boolean isSubdomain(String s) {
        if (s == null || s.length() > MAX_SUBDOMAIN) {
            return false;
        }
        int start = 0;
        for (int dot = s.indexOf('.'); dot >= 0; dot = s.indexOf('.', start)) {
            if (!isLabelShaped(s, start, dot)) {
                return false;
            }
            start = dot + 1;
        }
        return isLabelShaped(s, start, s.length());
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
        return name.length() <= MAX_LABEL && isNamePart(name);
    }

    /** Whether the string may be a label value: empty, or a name part of at most 63 characters. */
    public static boolean isLabelValue(String s) {
        return s != null && (s.isEmpty() || (s.length() <= MAX_LABEL && isNamePart(s)));
    }

    /** {@code s[from, to)} matches {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}. */
    private static boolean isLabelShaped(String s, int from, int to) {
        if (from >= to || !isLowerAlnum(s.charAt(from)) || !isLowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (c != '-' && !isLowerAlnum(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} matches {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}. */
    private static boolean isNamePart(String s) {
        int last = s.length() - 1;
        if (last < 0 || !isAlnum(s.charAt(0)) || !isAlnum(s.charAt(last))) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '_' && c != '.' && !isAlnum(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }

    /** {@code name + suffix} when that is a DNS-1123 label, else a DNS-safe prefix, a hash of name, and suffix. */
    public static String volumeName(String name, String suffix) {
        String plain = name + suffix;
        if (isLabel(plain)) {
            return plain;
        }
        String hash = sha256(name).substring(0, HASH_CHARS);
        String safe = NOT_LABEL_CHARS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
        int room = MAX_LABEL - suffix.length() - HASH_CHARS - 1;
        if (safe.length() > room) {
            safe = safe.substring(0, room);
        }
        safe = EDGE_DASHES.matcher(safe).replaceAll("");
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
