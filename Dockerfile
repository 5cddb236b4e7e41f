# One image for both containers of the sparkgate pod (webhook and operator sidecar) and the certificate Job.
# Build the jar first:  mvn -B -pl cli -am package -DskipTests   (produces cli/target/sparkgate.jar)
# then:                 docker build -t sparkgate/sparkgate:0.1.0 .
FROM eclipse-temurin:17-jre

# A fixed non-root uid/gid, matching the chart's podSecurityContext (runAsUser/runAsGroup 10001).
RUN groupadd --system --gid 10001 sparkgate \
 && useradd --system --uid 10001 --gid 10001 --home-dir /opt/sparkgate --no-create-home \
      --shell /usr/sbin/nologin sparkgate

# Owned by root, readable by all: the running user cannot modify its own code.
COPY cli/target/sparkgate.jar /opt/sparkgate/sparkgate.jar

USER 10001:10001
WORKDIR /opt/sparkgate
EXPOSE 9443 8080 8081

# Heap from the container's memory limit: half of it, because the JVM's memory outside the heap (metaspace, code
# cache, threads, Netty and malloc arenas) measured 200-226 MiB in the 10,000-app soak (docs/benchmarks.md), more
# than the quarter a 75 % heap leaves at the chart's 768Mi. Die (and get restarted) rather than limp on after an
# OutOfMemoryError. The root filesystem is read-only in the chart: the JVM writes only to /tmp, an emptyDir there.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/sparkgate/sparkgate.jar"]
CMD ["--help"]
