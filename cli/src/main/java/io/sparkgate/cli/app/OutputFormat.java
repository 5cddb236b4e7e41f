package io.sparkgate.cli.app;

/** How a verb prints objects: a readable table, or the objects as JSON or YAML. */
public enum OutputFormat {
    TABLE, JSON, YAML
}
