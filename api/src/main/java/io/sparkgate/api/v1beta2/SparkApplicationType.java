package io.sparkgate.api.v1beta2;

/** The language of a Spark application; it decides the main resource and the memory overhead factor. */
public enum SparkApplicationType {
    Java, Scala, Python, R;

    /** Whether the application runs in the JVM alone (Java, Scala) or also in another runtime (Python, R). */
    public boolean isJvm() {
        return this == Java || this == Scala;
    }
}
