package io.sparkgate.policy.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkgate.api.SparkLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental index agrees with summing the pods afresh after every event of a random history: adds,
 * updates that resize, relabel or finish a pod, deletes, across namespaces and apps, drivers and executors.
 */
class SparkPodIndexTest {
    private static final List<String> NAMESPACES = List.of("a", "b");
    private static final List<String> APPS = List.of("", "etl", "ml", "adhoc");

    private static Pod pod(String ns, String name, String app, boolean driver, int cpuMillis, int memMiB,
                           String phase) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .addToLabels(SparkLabels.SPARK_ROLE, driver ? "driver" : "executor").endMetadata()
                .withNewSpec().addNewContainer().withName("spark").withNewResources()
                .addToRequests("cpu", new Quantity(cpuMillis + "m"))
                .addToRequests("memory", new Quantity(memMiB + "Mi")).endResources().endContainer().endSpec();
        if (!app.isEmpty()) {
            b.editMetadata().addToLabels(SparkLabels.APP_NAME, app).endMetadata();
        }
        if (phase != null) {
            b.withNewStatus().withPhase(phase).endStatus();
        }
        return b.build();
    }

    private record Seen(Map<String, SparkPodTotals.Group> groups, Resources live, Map<String, Boolean> has) {
    }

    private static Seen seen(SparkPodTotals t, List<String> names) {
        Map<String, Boolean> has = new LinkedHashMap<>();
        names.forEach(n -> has.put(n, t.hasPod(n)));
        // Groups that sum to nothing are the same as absent ones.
        Map<String, SparkPodTotals.Group> groups = new HashMap<>();
        t.liveByApp().forEach((app, g) -> {
            if (g.drivers() != 0 || !g.resources().isZero()) {
                groups.put(app, g);
            }
        });
        return new Seen(groups, t.live(), has);
    }

    /** The expected figures, summed here from the pods as they stand, independently of the index's bookkeeping. */
    private static Seen freshSum(Map<String, Pod> pods, List<String> names) {
        Map<String, SparkPodTotals.Group> groups = new HashMap<>();
        Resources live = Resources.ZERO;
        for (Pod p : pods.values()) {
            if (PodResources.finished(p)) {
                continue;
            }
            Resources r = PodResources.of(p);
            live = live.plus(r);
            String app = p.getMetadata().getLabels().getOrDefault(SparkLabels.APP_NAME, "");
            boolean driver = "driver".equals(p.getMetadata().getLabels().get(SparkLabels.SPARK_ROLE));
            SparkPodTotals.Group g = groups.getOrDefault(app, SparkPodTotals.Group.EMPTY);
            groups.put(app, new SparkPodTotals.Group(g.resources().plus(r), g.drivers() + (driver ? 1 : 0)));
        }
        groups.values().removeIf(g -> g.drivers() == 0 && g.resources().isZero());
        Map<String, Boolean> has = new LinkedHashMap<>();
        names.forEach(n -> has.put(n, pods.containsKey(n)));
        return new Seen(groups, live, has);
    }

    @Test
    void listsSumToTheSameFigures() {
        Map<String, Pod> pods = new LinkedHashMap<>();
        pods.put("d", pod("a", "d", "etl", true, 1000, 1024, "Running"));
        pods.put("e1", pod("a", "e1", "etl", false, 500, 512, null));
        pods.put("e2", pod("a", "e2", "etl", false, 500, 512, "Succeeded"));
        pods.put("x", pod("a", "x", "", false, 250, 0, null));
        List<String> names = List.of("d", "e1", "e2", "x", "y");
        assertThat(seen(SparkPodTotals.of(pods.values(), DemandMemo.none()), names)).isEqualTo(freshSum(pods, names));
    }

    @Test
    void agreesWithAFreshSumAfterEveryEvent() {
        Random random = new Random(7);
        SparkPodIndex index = new SparkPodIndex();
        Map<String, Map<String, Pod>> stored = new HashMap<>();
        NAMESPACES.forEach(ns -> stored.put(ns, new LinkedHashMap<>()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("p" + i);
        }
        for (int step = 0; step < 3_000; step++) {
            String ns = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            String name = names.get(random.nextInt(names.size()));
            Map<String, Pod> pods = stored.get(ns);
            if (pods.containsKey(name) && random.nextInt(4) == 0) {
                index.remove(pods.remove(name));
            } else {
                String phase = switch (random.nextInt(6)) {
                    case 0 -> "Succeeded";
                    case 1 -> "Failed";
                    case 2 -> "Running";
                    default -> null;
                };
                Pod p = pod(ns, name, APPS.get(random.nextInt(APPS.size())), random.nextInt(5) == 0,
                        random.nextInt(4) * 250, random.nextInt(3) * 512, phase);
                pods.put(name, p);
                index.upsert(p);
            }
            for (String n : NAMESPACES) {
                Seen expected = freshSum(stored.get(n), names);
                Seen actual = index.read(n, t -> seen(t, names));
                assertThat(actual).as("namespace %s after step %d", n, step).isEqualTo(expected);
            }
        }
    }

    @Test
    void anUnknownNamespaceHasNothing() {
        SparkPodIndex index = new SparkPodIndex();
        index.upsert(pod("a", "d", "etl", true, 1000, 1024, null));
        boolean empty = index.read("b", t -> t.liveByApp().isEmpty() && t.live().isZero() && !t.hasPod("d"));
        assertThat(empty).isTrue();
        SparkPodTotals.Group etl = index.read("a", t -> t.liveByApp().get("etl"));
        assertThat(etl).isEqualTo(new SparkPodTotals.Group(
                new Resources(1000, 1024, 1000, 1024, 0, 0), 1));
    }
}
