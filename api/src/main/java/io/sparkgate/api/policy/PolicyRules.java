package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Rules a tenant's apps and pods must keep, on top of sparkgate's built-in ones.
 *
 * @param allowedImageRegistries registries ({@code example.com}, {@code example.com:5000}) or repository
 *                               prefixes ({@code example.com/team-a}) images must come from; empty allows any
 * @param deniedSparkConf        sparkConf keys denied beyond the built-in list: exact keys, or prefixes ending
 *                               in {@code *} such as {@code spark.eventLog.*}
 * @param unknownFields          what an app field the SparkApplication schema does not declare leads to: a
 *                               warning (null, {@code warn}) or a denial ({@code deny})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PolicyRules(List<String> allowedImageRegistries, List<String> deniedSparkConf,
                          UnknownFieldAction unknownFields) {
    /** Rules without an unknown-field action. */
    public PolicyRules(List<String> allowedImageRegistries, List<String> deniedSparkConf) {
        this(allowedImageRegistries, deniedSparkConf, null);
    }

    /** Absent lists read as empty ones. */
    public PolicyRules {
        allowedImageRegistries = allowedImageRegistries == null ? List.of() : List.copyOf(allowedImageRegistries);
        deniedSparkConf = deniedSparkConf == null ? List.of() : List.copyOf(deniedSparkConf);
    }
}
