package io.sparkgate.informers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** Objects read through the interning serialization share their strings and are otherwise the same objects. */
class InterningSerializationTest {
    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"team-a",
             "labels":{"spark-role":"executor","spark-version":"4.1.1"}},
             "spec":{"containers":[{"name":"spark-kubernetes-executor","image":"spark:4.1.1",
               "resources":{"requests":{"cpu":"1","memory":"1408Mi"}}}]}}""";

    @Test
    void equalStringsOfTwoObjectsAreOneInstanceAndTheObjectsEqualPlainlyReadOnes() {
        KubernetesSerialization interning = InterningSerialization.create();
        KubernetesSerialization plain = new KubernetesSerialization();

        Pod a = interning.unmarshal(POD.formatted("exec-1"), Pod.class);
        Pod b = interning.unmarshal(POD.formatted("exec-2"), Pod.class);

        assertThat(a.getMetadata().getLabels().get("spark-role"))
                .isSameAs(b.getMetadata().getLabels().get("spark-role"));
        assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
        assertThat(a.getSpec().getContainers().get(0).getImage())
                .isSameAs(b.getSpec().getContainers().get(0).getImage());
        assertThat(a).isEqualTo(plain.unmarshal(POD.formatted("exec-1"), Pod.class));
        Pod c = plain.unmarshal(POD.formatted("exec-3"), Pod.class);
        Pod d = plain.unmarshal(POD.formatted("exec-4"), Pod.class);
        assertThat(c.getMetadata().getNamespace()).as("the control: plain reading copies")
                .isNotSameAs(d.getMetadata().getNamespace());
    }
}
