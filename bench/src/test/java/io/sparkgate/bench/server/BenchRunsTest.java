package io.sparkgate.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** h2load's per-request log as the benches read it: only 200s count, seconds from the first request's start. */
class BenchRunsTest {
    @TempDir
    Path dir;

    @Test
    void onlyAnsweredRequestsCountAndSecondsStartAtTheFirstRequest() throws IOException {
        Path log = dir.resolve("h2load.log");
        Files.writeString(log, """
                1000000000	200	1500
                1000000100	200	999000
                1000000200	503	10
                1000400000	200	700000
                1002000000	200	2000
                garbage
                """);
        assertThat(BenchRuns.answered(log)).hasSize(4);
        // completions at +1.5 ms, +0.999 s, +1.1 s and +2.002 s
        assertThat(ColdStart.perSecond(log)).containsExactly(java.util.Map.entry(0L, 2), java.util.Map.entry(1L, 1),
                java.util.Map.entry(2L, 1));
        assertThat(AdmissionAB.percentiles(log)).startsWith("4 answers, p50 700.00 ms, p90 999.00 ms, p99 999.00 ms");
    }
}
