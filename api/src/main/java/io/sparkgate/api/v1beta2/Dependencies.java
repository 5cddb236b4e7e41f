package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Everything a Spark application depends on, as spark-submit's {@code --jars}, {@code --files}, ... take it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Dependencies(List<String> jars, List<String> files, List<String> pyFiles, List<String> packages,
                           List<String> excludePackages, List<String> repositories, List<String> archives) {
    /** Absent lists read as empty ones. */
    public Dependencies {
        jars = Lists.orEmpty(jars);
        files = Lists.orEmpty(files);
        pyFiles = Lists.orEmpty(pyFiles);
        packages = Lists.orEmpty(packages);
        excludePackages = Lists.orEmpty(excludePackages);
        repositories = Lists.orEmpty(repositories);
        archives = Lists.orEmpty(archives);
    }

    /** No dependencies. */
    public static Dependencies none() {
        return new Dependencies(null, null, null, null, null, null, null);
    }
}
