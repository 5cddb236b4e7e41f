package io.sparkgate.policy.rules;

import java.util.List;
import java.util.Locale;

/**
 * Which registry an image comes from, read as the container runtime reads a reference: the first path component
 * is a registry host when it has a dot or a port or is {@code localhost}; otherwise the image is on Docker Hub
 * ({@code docker.io}, official images under {@code library/}).
 */
public final class ImageRegistries {
    private static final String DOCKER_HUB = "docker.io";

    private ImageRegistries() {
    }

    /** The image as {@code registry/repository}, without tag or digest, lower-cased. */
    public static String repository(String image) {
        String ref = image.trim().toLowerCase(Locale.ROOT);
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            ref = ref.substring(0, colon);
        }
        int slash = ref.indexOf('/');
        String first = slash < 0 ? null : ref.substring(0, slash);
        if (first != null && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            String host = first.equals("index.docker.io") ? DOCKER_HUB : first;
            return host + ref.substring(slash);
        }
        return DOCKER_HUB + "/" + (slash < 0 ? "library/" + ref : ref);
    }

    /**
     * Whether the image comes from one of the allowed entries: a registry host ({@code example.com},
     * {@code example.com:5000}, {@code docker.io}) or a repository prefix ending at a path boundary
     * ({@code example.com/team-a}). An empty list allows every image.
     */
    public static boolean allowed(String image, List<String> allowedEntries) {
        if (allowedEntries.isEmpty()) {
            return true;
        }
        String repo = repository(image);
        for (String entry : allowedEntries) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            while (e.endsWith("/")) {
                e = e.substring(0, e.length() - 1);
            }
            if (repo.equals(e) || repo.startsWith(e + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The problem with an allowed-registry entry, or null when it is usable. */
    public static String checkEntry(String entry) {
        if (entry == null || entry.isBlank()) {
            return "must not be empty";
        }
        if (entry.contains("://")) {
            return "\"" + entry + "\" must be a registry host or repository prefix, without a scheme";
        }
        if (entry.contains("@") || entry.chars().anyMatch(Character::isWhitespace)) {
            return "\"" + entry + "\" must be a registry host or repository prefix, without digest or spaces";
        }
        return null;
    }
}
