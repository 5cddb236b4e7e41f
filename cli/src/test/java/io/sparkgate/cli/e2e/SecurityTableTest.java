package io.sparkgate.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.PodSecurityLevel;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link SecurityTable}'s oracle against the policy engine in process, without a server: the same seeded cases the
 * fuzzer sends over TLS, many more of them in a second, so that a disagreement between the table and sparkgate
 * shows up (with its case) in the unit tests rather than only in the slow fuzz run.
 */
class SecurityTableTest {
    private static final long SEED = Long.getLong("sparkgate.fuzz.seed", 20261121L);
    // A few seconds on 2 shared cores; -Dsparkgate.security.cases=100000 for a longer look.
    private static final int CASES = Integer.getInteger("sparkgate.security.cases", 5_000);

    @Test
    void everyCaseGetsTheAnswerTheTableNames() {
        List<SparkPolicy> policies = new ArrayList<>();
        ClusterSnapshot.Builder cluster = ClusterSnapshot.builder();
        for (PodSecurityLevel level : SecurityCases.LEVELS) {
            String ns = SecurityCases.namespace(level);
            policies.add(Json.read(SecurityCases.policy(level), SparkPolicy.class));
            cluster.namespace(ns, Map.of("fuzz-tenant", ns));
        }
        PolicyIndex index = PolicyIndex.of(policies);
        ClusterView view = cluster.build();
        PolicyEngine engine = new PolicyEngine(() -> index, new ReservationLedger(Clock.systemUTC(),
                Duration.ofSeconds(60)));
        SecurityCases cases = new SecurityCases(new Random(SEED));
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> groups = new TreeMap<>();
        List<SecurityCases.Case> all = new ArrayList<>(cases.plainBases());
        for (PodSecurityLevel level : SecurityCases.LEVELS) {
            all.add(cases.probe(level));
        }
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            all.add(cases.next());
        }
        long generated = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            SecurityCases.Case c = all.get(i);
            AdmissionDecision d = decide(engine, view, c);
            String problem = c.expect().problem(d.allowed(), d instanceof AdmissionDecision.Denied denied
                    ? denied.message() : "");
            if (problem != null) {
                wrong.add("case " + i + " of seed " + SEED + ": " + c.expect().what() + ": " + problem);
            } else {
                groups.merge(c.expect().group(), 1, Integer::sum);
            }
        }
        System.out.printf("[security table] %d cases generated in %.1f s, decided in %.1f s: %s%n", CASES,
                (generated - start) / 1e9, (System.nanoTime() - generated) / 1e9, groups);
        assertThat(wrong).as("cases answered otherwise than SecurityTable says (" + wrong.size() + ")")
                .isEmpty();
    }

    private static AdmissionDecision decide(PolicyEngine engine, ClusterView view, SecurityCases.Case c) {
        JsonNode request = c.review().get("request");
        String ns = request.get("namespace").asText();
        AdmissionInput in = request.has("oldObject")
                ? AdmissionInput.update(ns, request.get("oldObject"), request.get("object"))
                : AdmissionInput.create(ns, request.get("object"));
        return switch (c.path()) {
            case "/validate/pods" -> engine.validatePod(in, view);
            case "/validate/sparkapplications" -> engine.validateSparkApplication(in, view);
            case "/validate/scheduledsparkapplications" -> engine.validateScheduledSparkApplication(in, view);
            default -> throw new IllegalArgumentException(c.path());
        };
    }
}
