package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.AppQuota;
import io.sparkgate.api.policy.PodDefaults;
import io.sparkgate.api.policy.PodSecurity;
import io.sparkgate.api.policy.PolicyRules;
import io.sparkgate.api.policy.SparkPolicySpec;
import io.sparkgate.api.policy.TenantQuota;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The SparkPolicy CRD's schema names exactly the model's fields, so apply-time and admission-time checks agree. */
class PolicySchemaTest {

    static JsonNode schema() throws Exception {
        Path crd = Support.examples().getParent().resolve("charts/sparkgate/crds/sparkgate.io_sparkpolicies.yaml");
        return Json.yaml().readTree(Files.readString(crd)).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    static Set<String> fields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> properties(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void schemaMatchesTheModel() throws Exception {
        JsonNode spec = schema().at("/properties/spec");
        assertThat(properties(spec)).isEqualTo(fields(SparkPolicySpec.class));
        assertThat(properties(spec.at("/properties/quota"))).isEqualTo(fields(TenantQuota.class));
        assertThat(properties(spec.at("/properties/quota/properties/perApp"))).isEqualTo(fields(AppQuota.class));
        assertThat(properties(spec.at("/properties/rules"))).isEqualTo(fields(PolicyRules.class));
        assertThat(properties(spec.at("/properties/rules/properties/podSecurity"))).isEqualTo(fields(PodSecurity.class));
        assertThat(spec.at("/properties/rules/properties/podSecurity/properties/level/enum").toString())
                .isEqualTo("[\"privileged\",\"baseline\",\"restricted\"]");
        assertThat(properties(spec.at("/properties/podDefaults/items"))).isEqualTo(fields(PodDefaults.class));
        assertThat(spec.at("/properties/enforcementAction/enum").toString()).isEqualTo("[\"deny\",\"warn\",\"dryrun\"]");
        assertThat(spec.at("/properties/quota/properties/maxExecutors/minimum").asInt()).isZero();
        assertThat(spec.has("x-kubernetes-preserve-unknown-fields")).isFalse();
    }
}
