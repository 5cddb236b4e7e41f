package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observed state of a SparkApplication, written by the operator through the status subresource.
 * Mutable: the operator edits a copy and writes it back. Times are RFC 3339 strings as Kubernetes writes them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class SparkApplicationStatus {
    private String sparkApplicationId;
    private String submissionID;
    private String lastSubmissionAttemptTime;
    private String terminationTime;
    private DriverInfo driverInfo = DriverInfo.empty();
    private ApplicationState applicationState = ApplicationState.of(ApplicationStateType.NEW);
    private Map<String, ExecutorState> executorState = new LinkedHashMap<>();
    private int executionAttempts;
    private int submissionAttempts;

    public String getSparkApplicationId() {
        return sparkApplicationId;
    }

    public void setSparkApplicationId(String sparkApplicationId) {
        this.sparkApplicationId = sparkApplicationId;
    }

    public String getSubmissionID() {
        return submissionID;
    }

    public void setSubmissionID(String submissionID) {
        this.submissionID = submissionID;
    }

    public String getLastSubmissionAttemptTime() {
        return lastSubmissionAttemptTime;
    }

    public void setLastSubmissionAttemptTime(String lastSubmissionAttemptTime) {
        this.lastSubmissionAttemptTime = lastSubmissionAttemptTime;
    }

    public String getTerminationTime() {
        return terminationTime;
    }

    public void setTerminationTime(String terminationTime) {
        this.terminationTime = terminationTime;
    }

    public DriverInfo getDriverInfo() {
        return driverInfo;
    }

    public void setDriverInfo(DriverInfo driverInfo) {
        this.driverInfo = driverInfo == null ? DriverInfo.empty() : driverInfo;
    }

    public ApplicationState getApplicationState() {
        return applicationState;
    }

    public void setApplicationState(ApplicationState applicationState) {
        this.applicationState = applicationState == null ? ApplicationState.of(ApplicationStateType.NEW)
                : applicationState;
    }

    public Map<String, ExecutorState> getExecutorState() {
        return executorState;
    }

    public void setExecutorState(Map<String, ExecutorState> executorState) {
        this.executorState = executorState == null ? new LinkedHashMap<>() : new LinkedHashMap<>(executorState);
    }

    public int getExecutionAttempts() {
        return executionAttempts;
    }

    public void setExecutionAttempts(int executionAttempts) {
        this.executionAttempts = executionAttempts;
    }

    public int getSubmissionAttempts() {
        return submissionAttempts;
    }

    public void setSubmissionAttempts(int submissionAttempts) {
        this.submissionAttempts = submissionAttempts;
    }

    /** The current state, a shortcut for {@code getApplicationState().state()}. */
    public ApplicationStateType state() {
        return applicationState.state();
    }
}
