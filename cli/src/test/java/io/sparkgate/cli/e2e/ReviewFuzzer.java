package io.sparkgate.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of hostile AdmissionReview bodies, from a real one: random bytes, truncations, random edits
 * of the JSON tree (wrong types, removed and duplicated members, huge strings), deep nesting, bodies over the size
 * limit, valid reviews with random metadata, and (issue 18) well-formed pods and apps with one hostile Pod
 * Security, service-account, proxy-user or conf side-door setting, or one allowed value of the same field, each
 * with the answer it must get ({@link SecurityCases}). The same seed gives the same inputs.
 */
final class ReviewFuzzer {
    /** The kinds of input, for counting. */
    enum Kind { RANDOM_BYTES, TRUNCATED, MUTATED_TREE, WRONG_TYPES, DEEP_NESTING, HUGE_STRING, OVERSIZED, VALID,
        SECURITY_HOSTILE, SECURITY_CONTROL }

    /**
     * One input.
     *
     * @param index  its position in the seeded sequence, to name it on failure
     * @param expect the answer it must get; null where any 2xx/4xx answer will do
     */
    record Input(long index, Kind kind, String path, byte[] body, SecurityCases.Expect expect) {
    }

    static final List<String> PATHS = List.of("/mutate/pods", "/validate/pods", "/validate/sparkapplications",
            "/validate/scheduledsparkapplications", "/validate/sparkpolicies");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;
    private final ObjectNode review;
    private final byte[] reviewBytes;
    private final int maxBody;
    private final SecurityCases security;
    private long count;

    ReviewFuzzer(long seed, ObjectNode review, int maxBody) {
        this.random = new Random(seed);
        this.security = new SecurityCases(new Random(~seed));
        this.review = review;
        this.reviewBytes = Json.write(review).getBytes(StandardCharsets.UTF_8);
        this.maxBody = maxBody;
    }

    /** The next input. */
    Input next() {
        long index = count++;
        // One in five is a security case: 2,000 of the main suite's 10,000 give each row a few dozen.
        if (random.nextInt(5) == 0) {
            SecurityCases.Case c = security.next();
            return new Input(index, c.expect().allowed() ? Kind.SECURITY_CONTROL : Kind.SECURITY_HOSTILE, c.path(),
                    bytes(c.review()), c.expect());
        }
        String path = random.nextInt(20) == 0 ? "/mutate/" + word(6) : PATHS.get(random.nextInt(PATHS.size()));
        int pick = random.nextInt(100);
        // Bodies over the limit cost 3 MiB each: one in a thousand shows the limit holds under fuzzing.
        if (pick == 0 && random.nextInt(10) == 0) {
            byte[] big = new byte[maxBody + 1 + random.nextInt(1024)];
            java.util.Arrays.fill(big, (byte) 'x');
            return new Input(index, Kind.OVERSIZED, path, big, null);
        }
        return switch (pick % 8) {
            case 0 -> input(index, Kind.RANDOM_BYTES, path, randomBytes());
            case 1 -> input(index, Kind.TRUNCATED, path, java.util.Arrays.copyOf(reviewBytes,
                    random.nextInt(reviewBytes.length)));
            case 2, 3 -> input(index, Kind.MUTATED_TREE, path, bytes(mutate(review.deepCopy(),
                    1 + random.nextInt(4))));
            case 4 -> input(index, Kind.WRONG_TYPES, path, bytes(wrongTypes()));
            case 5 -> input(index, Kind.DEEP_NESTING, path, deepNesting());
            case 6 -> input(index, Kind.HUGE_STRING, path, bytes(hugeString()));
            default -> input(index, Kind.VALID, path, bytes(valid()));
        };
    }

    private static Input input(long index, Kind kind, String path, byte[] body) {
        return new Input(index, kind, path, body, null);
    }

    /** The security cases of this fuzzer (for the plain bases and probes the test sends first). */
    SecurityCases security() {
        return security;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(4096)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = '{';
        }
        return b;
    }

    private JsonNode mutate(ObjectNode root, int edits) {
        for (int i = 0; i < edits; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode obj && obj.size() > 0) {
                List<String> names = new ArrayList<>();
                obj.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(3)) {
                    case 0 -> obj.remove(name);
                    case 1 -> obj.set(name, randomValue(2));
                    default -> obj.set(word(8), obj.get(name).deepCopy());
                }
            } else if (target instanceof ArrayNode arr) {
                if (arr.size() > 0 && random.nextBoolean()) {
                    arr.set(random.nextInt(arr.size()), randomValue(2));
                } else {
                    arr.add(randomValue(2));
                }
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), containers);
            }
        }
    }

    private JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth <= 0 ? 6 : 8)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(random.nextLong());
            case 2 -> F.numberNode(random.nextDouble() * 1e300);
            case 3 -> F.booleanNode(random.nextBoolean());
            case 4 -> F.textNode(word(random.nextInt(40)));
            case 5 -> F.textNode(new String(Character.toChars(0x1F600 + random.nextInt(50))) + "\u0000\uFFFF");
            case 6 -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomValue(depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set(word(5), randomValue(depth - 1));
                }
                yield o;
            }
        };
    }

    private JsonNode wrongTypes() {
        ObjectNode r = review.deepCopy();
        ObjectNode request = (ObjectNode) r.get("request");
        String[] targets = {"request", "request.object", "request.uid", "request.kind", "request.operation",
            "request.namespace", "request.object.metadata", "request.object.metadata.labels",
            "request.object.spec.containers", "apiVersion", "kind", "request.object.spec"};
        String target = targets[random.nextInt(targets.length)];
        JsonNode value = randomValue(1);
        switch (target) {
            case "request" -> r.set("request", value);
            case "apiVersion", "kind" -> r.set(target, value);
            default -> {
                String[] parts = target.split("\\.");
                ObjectNode parent = request;
                for (int i = 1; i < parts.length - 1; i++) {
                    JsonNode child = parent.get(parts[i]);
                    if (!(child instanceof ObjectNode o)) {
                        break;
                    }
                    parent = o;
                }
                parent.set(parts[parts.length - 1], value);
            }
        }
        return r;
    }

    private byte[] deepNesting() {
        int depth = 500 + random.nextInt(20_000);
        StringBuilder sb = new StringBuilder(depth * 8);
        boolean arrays = random.nextBoolean();
        sb.append("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        sb.append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode hugeString() {
        ObjectNode r = review.deepCopy();
        String huge = "h".repeat(64 * 1024 + random.nextInt(1024 * 1024));
        ObjectNode labels = (ObjectNode) r.path("request").path("object").path("metadata").path("labels");
        switch (random.nextInt(3)) {
            case 0 -> labels.put("spark-role", huge);
            case 1 -> labels.put(SparkLabels.APP_NAME, huge);
            default -> ((ObjectNode) r.get("request")).put("uid", huge);
        }
        return r;
    }

    private JsonNode valid() {
        ObjectNode r = review.deepCopy();
        ObjectNode request = (ObjectNode) r.get("request");
        request.put("uid", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
        ObjectNode labels = (ObjectNode) request.path("object").path("metadata").path("labels");
        for (Map.Entry<String, String> e : Map.of("fuzz", word(10), "spark-role",
                random.nextBoolean() ? "driver" : "executor").entrySet()) {
            labels.put(e.getKey(), e.getValue());
        }
        return r;
    }

    private String word(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static byte[] bytes(JsonNode node) {
        return Json.write(node).getBytes(StandardCharsets.UTF_8);
    }
}
