package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The observed state of a ScheduledSparkApplication. Times are RFC 3339 strings. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledSparkApplicationStatus(String lastRun, String nextRun, String lastRunName,
                                              List<String> pastSuccessfulRunNames, List<String> pastFailedRunNames,
                                              ScheduleState scheduleState, String reason) {
    /** Absent lists read as empty ones. */
    public ScheduledSparkApplicationStatus {
        pastSuccessfulRunNames = Lists.orEmpty(pastSuccessfulRunNames);
        pastFailedRunNames = Lists.orEmpty(pastFailedRunNames);
    }
}
