package io.sparkgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelForms} must give exactly Jackson's tree and Jackson's round-trip copy — same keys in the same order,
 * same node types — for every object the webhook converts: the pods real Spark 4.1.1 created, every typed object of
 * every example app, and hand-made edge values (empty strings and lists, nulls in lists, unknown fields holding
 * nested values, quantities, int-or-strings, longs). A copy must also share no mutable object with its original.
 */
class ModelFormsTest {

    @Test
    void theFastPathCoversTheClassesAnAdmissionConverts() {
        for (Class<?> type : List.of(Pod.class, ObjectMeta.class, PodSpec.class, Container.class, Volume.class,
                VolumeMount.class, EnvVar.class, Toleration.class, Affinity.class)) {
            assertThat(ModelForms.handles(type, false)).as(type.getSimpleName() + " tree").isTrue();
            assertThat(ModelForms.handles(type, true)).as(type.getSimpleName() + " copy").isTrue();
        }
        // Custom serializers stay with Jackson.
        assertThat(ModelForms.handles(Quantity.class, false)).isFalse();
        assertThat(ModelForms.handles(IntOrString.class, false)).isFalse();
    }

    @Test
    void everyRealSparkPodMatchesJackson() throws IOException {
        List<Pod> pods = new ArrayList<>();
        Path root = Path.of(System.getProperty("sparkgate.shared", "../../shared"), "fixtures", "spark-4.1.1");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                collectPods(Json.mapper().readTree(p.toFile()), pods);
            }
        }
        assertThat(pods).hasSizeGreaterThan(3);
        pods.forEach(ModelFormsTest::assertSameAsJackson);
    }

    @Test
    void everyTypedObjectOfEveryExampleAppMatchesJackson() throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("../examples")),
                Files.list(Path.of("../examples/kubeflow")))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode n = Json.yaml().readTree(p.toFile());
                if (n != null && "SparkApplication".equals(n.path("kind").asText())) {
                    collect(Json.mapper().convertValue(n, SparkApplication.class), objects);
                }
            }
        }
        assertThat(objects).hasSizeGreaterThan(20);
        objects.forEach(ModelFormsTest::assertSameAsJackson);
    }

    @Test
    void edgeValuesMatchJackson() {
        Container c = new ContainerBuilder().withName("").withImage("img").withArgs("a", "", "c")
                .withCommand(new ArrayList<>()).addNewEnv().withName("E").withValue("").endEnv()
                .addNewPort().withContainerPort(8080).withHostPort(null).endPort()
                .withNewResources().addToLimits("memory", new Quantity("1.5Gi")).addToRequests("cpu",
                        new Quantity("500m")).endResources()
                .withNewLivenessProbe().withNewHttpGet().withPort(new IntOrString("http")).endHttpGet()
                .withTerminationGracePeriodSeconds(30L).endLivenessProbe()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(9000)).endTcpSocket()
                .endReadinessProbe().build();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", new ArrayList<>(java.util.Arrays.asList(1, "two", null, 3.5, Long.MAX_VALUE)));
        nested.put("empty", new LinkedHashMap<>());
        nested.put("flag", false);
        c.setAdditionalProperty("x-unknown", nested);
        c.setAdditionalProperty("x-null", null);
        c.getVolumeMounts().add(null);
        Pod pod = new Pod();
        pod.setSpec(new PodSpec());
        pod.getSpec().getContainers().add(c);
        pod.getSpec().setActiveDeadlineSeconds(Long.MAX_VALUE);
        pod.getSpec().setNodeSelector(new LinkedHashMap<>());
        pod.getSpec().getNodeSelector().put("k", "");
        pod.setMetadata(new ObjectMeta());
        pod.getMetadata().setLabels(new LinkedHashMap<>());
        assertSameAsJackson(pod);
        assertSameAsJackson(c);
        assertSameAsJackson(new Quantity("2", "Gi"));
        assertSameAsJackson(new Toleration("NoSchedule", "k", "Exists", 60L, null));
    }

    /** A class whose rules the fast path does not express goes to Jackson, and still matches. */
    @Test
    void classesOutsideThePlanAreLeftToJackson() {
        assertThat(ModelForms.handles(AlwaysIncluded.class, false)).isFalse();
        AlwaysIncluded bean = new AlwaysIncluded();
        assertThat(Json.write(ModelForms.tree(bean))).isEqualTo("{\"name\":null,\"items\":[]}");
        assertThat(ModelForms.copy(bean)).isNotSameAs(bean);
    }

    /** Jackson writes this bean's nulls and empty lists: not a rule the plan holds. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public static final class AlwaysIncluded {
        private String name;
        private List<String> items = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<String> getItems() {
            return items;
        }

        public void setItems(List<String> items) {
            this.items = items;
        }
    }

    private static void assertSameAsJackson(Object value) {
        JsonNode jackson = Json.mapper().valueToTree(value);
        JsonNode fast = ModelForms.tree(value);
        String what = value.getClass().getSimpleName() + " " + Json.write(jackson);
        assertThat(Json.write(fast)).as("tree of " + what).isEqualTo(Json.write(jackson));
        assertThat(fast).as("node types of " + what).isEqualTo(jackson);
        Object copy = ModelForms.copy(value);
        @SuppressWarnings("unchecked")
        Object jacksonCopy = Json.deepCopy(value, (Class<Object>) value.getClass());
        assertThat(Json.write(copy)).as("copy of " + what).isEqualTo(Json.write(value));
        assertThat(copy).as("copy equals Jackson's copy: " + what).isEqualTo(jacksonCopy);
        assertSharesNothing(value, copy, what);
    }

    /** No object reachable from the copy that could be edited is also reachable from the original. */
    private static void assertSharesNothing(Object original, Object copy, String what) {
        Set<Object> inOriginal = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        reachable(original, inOriginal);
        Set<Object> inCopy = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        reachable(copy, inCopy);
        inCopy.retainAll(inOriginal);
        assertThat(inCopy).as("mutable objects shared by the copy of " + what).isEmpty();
    }

    private static void reachable(Object o, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || !seen.add(o)) {
            return;
        }
        if (o instanceof Iterable<?> it) {
            it.forEach(e -> reachable(e, seen));
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(e -> reachable(e, seen));
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    try {
                        f.setAccessible(true);
                        reachable(f.get(o), seen);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new AssertionError("cannot read " + c.getName() + "." + f.getName(), e);
                    }
                }
            }
        }
    }

    private static void collectPods(JsonNode n, List<Pod> pods) {
        if ("Pod".equals(n.path("kind").asText())) {
            pods.add(Json.mapper().convertValue(n, Pod.class));
        }
        n.path("items").forEach(i -> collectPods(i, pods));
        n.path("object").forEach(i -> collectPods(i, pods));
        if (n.has("object")) {
            collectPods(n.get("object"), pods);
        }
    }

    private static void collect(SparkApplication app, List<Object> out) {
        if (app.getSpec() == null) {
            return;
        }
        out.addAll(app.getSpec().volumes());
        for (SparkPodSpec role : List.of(app.getSpec().driver(), app.getSpec().executor())) {
            if (role == null) {
                continue;
            }
            Stream.of(role.template(), role.affinity(), role.podSecurityContext(), role.securityContext(),
                    role.dnsConfig(), role.lifecycle()).filter(java.util.Objects::nonNull).forEach(out::add);
            out.addAll(role.env());
            out.addAll(role.envFrom());
            out.addAll(role.volumeMounts());
            out.addAll(role.tolerations());
            out.addAll(role.sidecars());
            out.addAll(role.initContainers());
            out.addAll(role.hostAliases());
        }
    }
}
