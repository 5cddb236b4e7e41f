package io.sparkgate.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's pass rule: no restart, no bad admission, the last window's heap within the bound of the first's. */
class SoakReportTest {
    @TempDir
    Path dir;

    @Test
    void aFlatHeapWithoutRestartsOrBadAdmissionsPasses() throws Exception {
        List<String> out = new ArrayList<>();
        assertThat(verdict(minute -> row(minute, 93.0 + minute % 2, 76.0, 0, 0), out)).as("%s", out).isTrue();
        assertThat(out).last().isEqualTo("PASS");
        assertThat(Files.readAllLines(dir.resolve("soak.csv"))).hasSize(1 + 5 + 30)
                .first().isEqualTo(SoakReport.HEADER);
    }

    @Test
    void growthBeyondTheBoundFails() throws Exception {
        List<String> out = new ArrayList<>();
        // 93 MiB growing 0.25 MiB a minute: +5 MiB between the windows, the bound is max(5 % = 4.65, 2) MiB
        assertThat(verdict(minute -> row(minute, 93.0 + 0.25 * minute, 76.0, 0, 0), out)).isFalse();
        assertThat(out).anyMatch(l -> l.startsWith("webhook live heap") && l.endsWith("GROWTH"))
                .anyMatch(l -> l.startsWith("operator live heap") && l.endsWith("ok"));
    }

    @Test
    void growthWithinTheBoundPasses() throws Exception {
        List<String> out = new ArrayList<>();
        // +4 MiB between the windows: within 5 % of 93 MiB
        assertThat(verdict(minute -> row(minute, 93.0 + 0.2 * minute, 76.0, 0, 0), out)).as("%s", out).isTrue();
    }

    @Test
    void oneRestartFails() throws Exception {
        List<String> out = new ArrayList<>();
        assertThat(verdict(minute -> row(minute, 93.0, 76.0, minute >= 20 ? 1 : 0, 0), out)).isFalse();
        assertThat(out).contains("restarts: webhook 0, operator 1");
    }

    @Test
    void oneBadAdmissionFails() throws Exception {
        List<String> out = new ArrayList<>();
        assertThat(verdict(minute -> row(minute, 93.0, 76.0, 0, minute == 17 ? 1 : 0), out)).isFalse();
        assertThat(out).anyMatch(l -> l.contains("1 failed/denied/unpatched"));
    }

    @Test
    void warmUpMinutesAreNotJudged() throws Exception {
        List<String> out = new ArrayList<>();
        // a heap still growing during the warm-up (80 MiB, then 93 once measured) is not growth of the soak
        assertThat(verdict(minute -> row(minute, minute < 0 ? 80.0 : 93.0, 76.0, 0, 0), out)).as("%s", out)
                .isTrue();
    }

    private interface Minutes {
        SoakReport.Row at(int minute);
    }

    /** Five warm-up minutes (numbered -5..-1) and 30 measured ones through a report, then its verdict. */
    private boolean verdict(Minutes minutes, List<String> out) throws Exception {
        try (SoakReport report = new SoakReport(dir.resolve("soak.csv"))) {
            for (int m = -5; m <= 30; m++) {
                if (m != 0) {
                    report.add(minutes.at(m));
                }
            }
            return report.verdict(10, 5, 2, out);
        }
    }

    private static SoakReport.Row row(int minute, double webhookHeap, double operatorHeap, int operatorRestarts,
                                      int failed) {
        long[] latencies = new long[9000];
        java.util.Arrays.fill(latencies, 8_000_000L);
        var admissions = new AdmissionDriver.Window(latencies, 9000 - failed, failed, 0, 0);
        return new SoakReport.Row(Math.abs(minute), minute < 0 ? "warmup" : "soak", "t", 1.0, webhookHeap, 490, 0,
                operatorHeap, 470, operatorRestarts, admissions, 0, "30000", "created=1 deleted=0");
    }
}
