# Mariposa: the fat jar on a JRE, as a non-root user.
# Not exercised by CI (no Docker engine on the build machines): written to be correct by reading.

# ---- build: target/mariposa.jar (tests run in CI with `mvn verify`, not here) ----
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# Every input of `mvn package`: the pom, and each directory it packs (src/main/resources holds
# everything the code loads; conf/ the default config.json). DockerfileTest keeps this in step.
COPY pom.xml ./
COPY conf ./conf
COPY src ./src
RUN mvn -B -q package -DskipTests

# ---- runtime ----
FROM eclipse-temurin:17.0.13_11-jre
# curl for the HEALTHCHECK only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system mariposa \
 && useradd --system --gid mariposa --home-dir /app --no-create-home --shell /usr/sbin/nologin mariposa
WORKDIR /app
COPY --from=build /src/target/mariposa.jar /app/mariposa.jar
# Files of the embedded stores, used only when REDIS_URL / MONGO_URL are unset.
RUN mkdir -p /app/data && chown mariposa:mariposa /app/data
ENV DATA_DIR=/app/data
USER mariposa
EXPOSE 8080
# /health is 200 when Redis, MongoDB and the event loops are UP, 503 otherwise.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null "http://localhost:${HTTP_PORT:-8080}/health" || exit 1
# Exec form: java is PID 1 and receives SIGTERM, which runs the graceful shutdown.
ENTRYPOINT ["java", "-jar", "/app/mariposa.jar"]
