package io.sparkgate.informers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * fabric8's serialization with every deserialized string interned (issue 20). An informer cache of 10,000 apps and
 * 20,000 pods holds the same label keys and values ({@code spark-role=executor}, {@code spark-version=4.1.1}), the
 * same namespaces, images, quantities and Spark settings tens of thousands of times: as one shared String each,
 * they cost their size once. Strings are immutable, so sharing them is invisible to every reader; the JVM's string
 * table drops an interned string once nothing references it.
 */
public final class InterningSerialization {
    private InterningSerialization() {
    }

    /** A client builder whose objects come with interned strings: for the long-lived informer clients. */
    public static KubernetesClientBuilder clientBuilder() {
        return new KubernetesClientBuilder().withKubernetesSerialization(create());
    }

    /** fabric8's serialization, interning every string it reads. */
    public static KubernetesSerialization create() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new SimpleModule("sparkgate-interned-strings").addDeserializer(String.class,
                        new Interned()));
        return new KubernetesSerialization(mapper, true);
    }

    /** Jackson's own String reading, then {@link String#intern()}. */
    private static final class Interned extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        Interned() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            return value == null ? null : value.intern();
        }
    }
}
