package io.sparkgate.mutators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs mutators the way the webhook does and checks what every mutation must hold: the patch applies to the
 * original with json-patch and yields exactly the mutated pod, no list holds two entries of one identity, and a
 * second pass over the patched pod yields no patch.
 */
final class Harness {
    private Harness() {
    }

    /** The real driver pod of Spark 4.1.1's python-rich submission. */
    static JsonNode driver() {
        return SparkFixtures.podJson(SparkFixtures.PYTHON_RICH);
    }

    /** A real executor pod created by Spark 4.1.1's in-driver scheduler. */
    static JsonNode executor() {
        return SparkFixtures.podJson(SparkFixtures.EXECUTORS);
    }

    /** A SparkApplication named {@code app} in {@code team-a} with uid {@code uid-1} and the given spec YAML. */
    static SparkApplication app(String specYaml) {
        String yaml = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                + "metadata: {name: app, namespace: team-a, uid: uid-1}\nspec:\n"
                + specYaml.stripIndent().indent(2);
        return Json.read(yaml, SparkApplication.class);
    }

    /** A JSON tree from a JSON or YAML literal. */
    static JsonNode json(String jsonOrYaml) {
        try {
            return Json.yaml().readTree(jsonOrYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one checked run produced. */
    record Outcome(MutationResult result, JsonNode patched) {
        JsonNode patch() {
            return result.patch();
        }

        List<String> warnings() {
            return result.warnings();
        }

        /** The Spark container of the patched pod. */
        JsonNode container() {
            return patched.path("spec").path("containers").get(0);
        }
    }

    /** Asserts the exact patch, written as JSON. */
    static void assertPatch(Outcome out, String expectedJson) {
        assertThat(normal(out.patch())).isEqualTo(normal(json(expectedJson)));
    }

    /** Runs the whole app-driven chain on the pod of the role, with the checks of {@link #run(List, SparkRole, SparkApplication, JsonNode)}. */
    static Outcome runAll(SparkRole role, SparkApplication app, JsonNode pod) {
        return run(SparkAppMutators.all(), role, app, pod);
    }

    /** Runs the mutators on the pod, then checks the invariants; returns the outcome for exact assertions. */
    static Outcome run(List<PodMutator> mutators, SparkRole role, SparkApplication app, JsonNode pod) {
        JsonNode before = pod.deepCopy();
        MutationChain chain = new MutationChain(mutators);
        MutationResult result = chain.run(new MutationContext("team-a", role, app), pod);
        assertThat(pod).as("the admitted pod is never edited").isEqualTo(before);
        JsonNode patched = apply(result.patch(), pod);
        assertThat(normal(patched)).as("the patch yields the mutated pod").isEqualTo(normal(result.mutated()));
        assertNoDuplicates(patched);
        MutationResult second = chain.run(new MutationContext("team-a", role, app), patched);
        assertThat(second.patch()).as("a second pass yields no patch").isEmpty();
        return new Outcome(result, patched);
    }

    /** A tree through its JSON text, so a number is the same node whether it was an int or a long. */
    static JsonNode normal(Object value) {
        try {
            return Json.mapper().readTree(Json.write(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies an RFC 6902 patch with json-patch, as the API server would. */
    static JsonNode apply(JsonNode patch, JsonNode pod) {
        try {
            return JsonPatch.fromJson(patch).apply(pod);
        } catch (IOException | JsonPatchException e) {
            throw new AssertionError("the patch does not apply: " + e.getMessage() + "\n" + patch, e);
        }
    }

    /** No two volumes, containers (init included), env vars or ports of one name, no two mounts at one path. */
    static void assertNoDuplicates(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        unique(spec.path("volumes"), "name", "volume");
        List<JsonNode> all = new ArrayList<>();
        spec.path("containers").forEach(all::add);
        spec.path("initContainers").forEach(all::add);
        Set<String> names = new HashSet<>();
        for (JsonNode c : all) {
            assertThat(names.add(c.path("name").asText())).as("container names unique: " + c.path("name")).isTrue();
            unique(c.path("env"), "name", "env of " + c.path("name"));
            unique(c.path("ports"), "name", "port of " + c.path("name"));
            unique(c.path("volumeMounts"), "mountPath", "mount of " + c.path("name"));
            c.path("volumeMounts").forEach(m -> assertThat(spec.path("volumes").findValuesAsText("name"))
                    .as("mounted volume exists").contains(m.path("name").asText()));
        }
    }

    private static void unique(JsonNode list, String key, String what) {
        Set<String> seen = new HashSet<>();
        for (JsonNode e : list) {
            if (e.has(key)) {
                assertThat(seen.add(e.path(key).asText())).as(what + " unique: " + e.path(key)).isTrue();
            }
        }
    }
}
