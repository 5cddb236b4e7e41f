package io.sparkgate.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shared Jackson mappers for Kubernetes objects: unknown fields are ignored (newer API servers add them),
 * nulls are left out, and YAML reads and writes the way kubectl does. Bean properties are read and written
 * through Blackbird's generated accessors rather than reflection (issue 16: the Pod &lt;-&gt; tree conversions and
 * deep copies were the largest part of an admission's cost); the JSON produced is the same.
 */
public final class Json {
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private Json() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new BlackbirdModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The JSON mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /** The YAML mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** Reads a JSON or YAML document (JSON is YAML) into the given type. */
    public static <T> T read(String jsonOrYaml, Class<T> type) {
        try {
            return YAML.readValue(jsonOrYaml, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Writes a value as compact JSON. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deep-copies a value through its JSON form, so the copy shares nothing with the original. The form is a token
     * buffer, written once and read once; a tree in between would cost two more passes.
     */
    public static <T> T deepCopy(T value, Class<T> type) {
        if (value == null) {
            return null;
        }
        try (TokenBuffer buffer = new TokenBuffer(JSON, false)) {
            JSON.writeValue(buffer, value);
            try (JsonParser parser = buffer.asParser(JSON)) {
                return JSON.readValue(parser, type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a " + type.getSimpleName(), e);
        }
    }
}
