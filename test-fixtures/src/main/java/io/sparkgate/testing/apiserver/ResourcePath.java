package io.sparkgate.testing.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes REST path taken apart: {@code /api/v1/namespaces/ns/pods/name/status} or
 * {@code /apis/group/version/[namespaces/ns/]resource[/name[/subresource]]}, query string dropped.
 *
 * @param group       API group, empty for the core group
 * @param version     API version
 * @param namespace   namespace of a namespaced resource, null for cluster-scoped ones
 * @param resource    plural resource name
 * @param name        object name, null for a collection
 * @param subresource subresource such as {@code status}, null for the object itself
 * @param query       the raw query string, empty when there is none
 */
public record ResourcePath(String group, String version, String namespace, String resource, String name,
                           String subresource, String query) {

    /** Parses a request URI; empty when it names no resource (discovery, {@code /version}, ...). */
    public static Optional<ResourcePath> parse(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        String[] all = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String group;
        int from;
        if (all.length >= 3 && all[0].equals("api")) {
            group = "";
            from = 2;
        } else if (all.length >= 4 && all[0].equals("apis")) {
            group = all[1];
            from = 3;
        } else {
            return Optional.empty();
        }
        String version = all[from - 1];
        String[] rest = Arrays.copyOfRange(all, from, all.length);
        boolean namespaceSubresource = rest.length == 3 && rest[0].equals("namespaces")
                && (rest[2].equals("status") || rest[2].equals("finalize"));
        if (rest.length >= 3 && rest[0].equals("namespaces") && !namespaceSubresource) {
            return Optional.of(new ResourcePath(group, version, rest[1], rest[2], at(rest, 3), at(rest, 4), query));
        }
        return Optional.of(new ResourcePath(group, version, null, rest[0], at(rest, 1), at(rest, 2), query));
    }

    private static String at(String[] parts, int index) {
        return parts.length > index ? parts[index] : null;
    }

    /** Whether the path names one object (or one of its subresources) rather than a collection. */
    public boolean isObject() {
        return name != null;
    }

    /** Whether the resource lives in a namespace. */
    public boolean namespaced() {
        return namespace != null;
    }

    /** {@code group/version}, or just the version for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The path of the collection this object belongs to. */
    public String collectionPath() {
        return prefix() + "/" + resource;
    }

    /** The path of the object itself, without subresource or query. */
    public String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** The path of the object with a different name (used when a create names its object in the body). */
    public ResourcePath withName(String newName) {
        return new ResourcePath(group, version, namespace, resource, newName, subresource, query);
    }

    /** Whether the query string asks for a dry run ({@code dryRun=All}). */
    public boolean dryRun() {
        return "All".equals(queryParameters().get("dryRun"));
    }

    /** The query parameters, URL-decoded (the last value of a repeated one). */
    public Map<String, String> queryParameters() {
        Map<String, String> parameters = new HashMap<>();
        for (String p : query.split("&")) {
            if (!p.isEmpty()) {
                String[] kv = p.split("=", 2);
                parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private String prefix() {
        String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespace == null ? root : root + "/namespaces/" + namespace;
    }
}
