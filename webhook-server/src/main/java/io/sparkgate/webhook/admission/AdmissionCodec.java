package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code admission.k8s.io/v1} AdmissionReviews exactly as the Kubernetes API server expects
 * ("Dynamic Admission Control"): the body is parsed once into a tree, the object stays a tree for the handler, and
 * the response echoes the uid, sets {@code patch} and {@code patchType} together or neither, and keeps each
 * warning within 120 characters.
 */
public final class AdmissionCodec {
    /** The only AdmissionReview version sparkgate speaks; webhook configurations list it alone. */
    public static final String API_VERSION = "admission.k8s.io/v1";
    /** The AdmissionReview kind. */
    public static final String KIND = "AdmissionReview";
    /** The longest warning the API server passes on untruncated. */
    public static final int MAX_WARNING_LENGTH = 120;
    /** Warnings one response carries at most. */
    public static final int MAX_WARNINGS = 50;

    /** The deepest nesting a review may have: a pod template inside an app inside a review is about 20 deep. */
    public static final int MAX_DEPTH = 64;
    /** The most JSON tokens a review may have: a real pod has about 2,000, a large SparkApplication 10,000. */
    public static final long MAX_TOKENS = 200_000;
    /** The longest number a review may hold (quantities are strings; counts and ports are short). */
    public static final int MAX_NUMBER_LENGTH = 64;

    private static final ObjectMapper MAPPER = Json.mapper();
    /**
     * Reads bodies within bounds, so no shape of JSON (deep nesting, a million tiny fields, a 1,000-digit number)
     * costs more than reading 3 MiB: beyond them a body is refused as unreadable before any tree is built.
     */
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxTokenCount(MAX_TOKENS)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build());
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cntrl}+");

    /**
     * Parses a request body.
     *
     * @throws InvalidAdmissionReview naming the problem: not JSON, wrong apiVersion or kind, no request, no uid
     */
    public AdmissionCall decode(byte[] body) throws InvalidAdmissionReview {
        JsonNode review;
        try {
            review = READER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidAdmissionReview("too_complex", "request body is beyond sparkgate's bounds (nesting "
                    + MAX_DEPTH + ", " + MAX_TOKENS + " tokens, numbers of " + MAX_NUMBER_LENGTH + " digits): "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidAdmissionReview("not_json", "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (review == null || !review.isObject()) {
            throw new InvalidAdmissionReview("not_json", "request body must be a JSON object (an AdmissionReview)");
        }
        String apiVersion = review.path("apiVersion").asText("");
        if (!API_VERSION.equals(apiVersion)) {
            throw new InvalidAdmissionReview("wrong_api_version", "apiVersion must be " + API_VERSION + ", got \""
                    + apiVersion + "\" (list only v1 in admissionReviewVersions)");
        }
        String kind = review.path("kind").asText("");
        if (!KIND.equals(kind)) {
            throw new InvalidAdmissionReview("wrong_kind", "kind must be " + KIND + ", got \"" + kind + "\"");
        }
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new InvalidAdmissionReview("no_request", "the AdmissionReview has no request object");
        }
        String uid = request.path("uid").asText("");
        if (uid.isBlank()) {
            throw new InvalidAdmissionReview("no_uid", "request.uid is missing or empty");
        }
        String operation = request.path("operation").asText("");
        if (operation.isEmpty()) {
            throw new InvalidAdmissionReview("no_operation", "request.operation is missing");
        }
        JsonNode kindNode = request.path("kind");
        JsonNode object = request.path("object");
        return new AdmissionCall(uid, kindNode.path("group").asText(""), kindNode.path("kind").asText(""), operation,
                request.path("namespace").asText(""), name(request, object),
                request.path("dryRun").asBoolean(false), object, request.path("oldObject"),
                request.path("subResource").asText(""));
    }

    private static String name(JsonNode request, JsonNode object) {
        String name = request.path("name").asText("");
        if (name.isEmpty()) {
            JsonNode meta = object.path("metadata");
            name = meta.path("name").asText(meta.path("generateName").asText(""));
        }
        return name;
    }

    /**
     * Writes the AdmissionReview answering {@code uid} with {@code outcome}. It is streamed field by field, in the
     * order and shape the fabric8 {@code AdmissionReview} model serialises to (no nulls, a {@code v1 Status} for a
     * denial): building the model objects and serialising them by reflection cost more than the rest of the answer.
     * The patch is serialised and base64-encoded (standard alphabet, padding, no line breaks, as Kubernetes decodes a
     * []byte field) before the answer's generator opens: a generator opened inside another on the same thread gets
     * fresh buffers instead of Jackson's recycled ones (~20 KB and 3 µs more per answer).
     */
    public byte[] encode(String uid, AdmissionOutcome outcome) {
        byte[] patch = outcome instanceof AdmissionOutcome.Patched p ? BASE64.encode(patchJson(p.patch())) : null;
        ByteArrayBuilder out = new ByteArrayBuilder(patch == null ? 256 : patch.length + 256);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("apiVersion", API_VERSION);
            json.writeStringField("kind", KIND);
            json.writeObjectFieldStart("response");
            json.writeBooleanField("allowed", !(outcome instanceof AdmissionOutcome.Denied));
            if (patch != null) {
                json.writeFieldName("patch");
                json.writeRawUTF8String(patch, 0, patch.length); // base64 needs no JSON escaping
                json.writeStringField("patchType", "JSONPatch");
            } else if (outcome instanceof AdmissionOutcome.Denied d) {
                json.writeObjectFieldStart("status");
                json.writeStringField("apiVersion", "v1");
                json.writeStringField("kind", "Status");
                json.writeNumberField("code", d.code());
                writeIfPresent(json, "message", d.message());
                writeIfPresent(json, "reason", d.reason());
                json.writeStringField("status", "Failure");
                json.writeEndObject();
            }
            writeIfPresent(json, "uid", uid);
            List<String> warnings = warnings(outcome.warnings());
            if (warnings != null) {
                json.writeArrayFieldStart("warnings");
                for (String warning : warnings) {
                    json.writeString(warning);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] patchJson(JsonNode patch) {
        try {
            return MAPPER.writeValueAsBytes(patch);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /** A small JSON error body for requests that are not AdmissionReviews: {@code {"error": message}}. */
    public byte[] error(String message) {
        ObjectNode body = MAPPER.createObjectNode().put("error", message);
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    /** The text with each run of control characters (line breaks, tabs, ESC) made one space. */
    private static String oneLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return CONTROLS.matcher(text).replaceAll(" ");
            }
        }
        return text; // the usual warning: no regex run for it
    }

    /**
     * Warnings as the API server wants them: one line each, at most {@value #MAX_WARNING_LENGTH} characters (longer
     * ones are cut with "..."), no blanks, no repeats, at most {@value #MAX_WARNINGS} (an object with thousands of
     * unknown fields gets the first ones and a count of the rest).
     */
    static List<String> warnings(List<String> warnings) {
        if (warnings.isEmpty()) {
            return null;
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        int more = 0;
        for (String w : warnings) {
            String line = w == null ? "" : oneLine(w).strip();
            if (line.length() > MAX_WARNING_LENGTH) {
                line = line.substring(0, MAX_WARNING_LENGTH - 3) + "...";
            }
            if (line.isEmpty() || out.contains(line)) {
                continue;
            }
            if (out.size() < MAX_WARNINGS) {
                out.add(line);
            } else {
                more++;
            }
        }
        List<String> lines = new ArrayList<>(out);
        if (more > 0) {
            lines.add("... and " + more + " more warnings");
        }
        return lines.isEmpty() ? null : lines;
    }
}
