package io.sparkgate.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The live heap is read from the GC log line of the full collection jcmd requested, not from any other. */
class ChildJvmTest {
    // Lines as JDK 17's -Xlog:gc wrote them in the soak (Serial collector).
    private static final String REQUESTED =
            "[115.666s][info][gc] GC(57) Pause Full (Diagnostic Command) 245M->89M(365M) 451.298ms";
    private static final String METADATA =
            "[2.810s][info][gc] GC(0) Pause Full (Metadata GC Threshold) 78M->10M(365M) 66.403ms";
    private static final String YOUNG =
            "[250.752s][info][gc] GC(193) Pause Young (Allocation Failure) 161M->94M(239M) 5.227ms";

    @Test
    void theHeapAfterTheCollectionIsTheSecondFigure() {
        assertThat(ChildJvm.afterMib(REQUESTED)).isEqualTo(89.0);
        assertThat(ChildJvm.afterMib(YOUNG)).isEqualTo(94.0);
        assertThat(ChildJvm.afterMib("[0.030s][info][gc] Using Serial")).isNaN();
    }

    @Test
    void onlyTheRequestedFullCollectionCounts() {
        assertThat(ChildJvm.requestedFull(REQUESTED)).isTrue();
        assertThat(ChildJvm.requestedFull(METADATA)).isFalse();
        assertThat(ChildJvm.requestedFull(YOUNG)).isFalse();
    }
}
