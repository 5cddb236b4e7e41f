package io.sparkgate.cli.app;

/**
 * How a verb prints objects, as kubectl's {@code -o}: a readable table, the table with every column
 * ({@code wide}), {@code kind.group/name} per object ({@code name}), or the objects as JSON or YAML.
 */
public enum OutputFormat {
    TABLE, WIDE, NAME, JSON, YAML;

    /** Whether this format prints the objects themselves. */
    boolean serialized() {
        return this == JSON || this == YAML;
    }
}
