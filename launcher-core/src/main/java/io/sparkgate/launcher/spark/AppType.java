package io.sparkgate.launcher.spark;

/**
 * The kind of main resource Spark runs, deciding the driver's main class, its arguments and the default memory
 * overhead factor ({@code spark.kubernetes.resource.type}).
 */
public enum AppType {
    JAVA("java", null), PYTHON("python", "org.apache.spark.deploy.PythonRunner"), R("r", "org.apache.spark.deploy.RRunner");

    private final String resourceType;
    private final String runnerClass;

    AppType(String resourceType, String runnerClass) {
        this.resourceType = resourceType;
        this.runnerClass = runnerClass;
    }

    /** The value of {@code spark.kubernetes.resource.type}. */
    public String resourceType() {
        return resourceType;
    }

    /** The class the driver runs for a non-JVM app, or null for JVM apps (they name their own). */
    public String runnerClass() {
        return runnerClass;
    }

    /** Whether the app runs in the JVM alone. */
    public boolean isJvm() {
        return this == JAVA;
    }
}
