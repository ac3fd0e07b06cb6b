package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a new user runs it: no environment, embedded stores, a clean stop on SIGTERM. */
class JarSmokeIT {
  private static final Path JAR = Path.of(System.getProperty("mariposa.jar", "target/mariposa.jar"));

  @TempDir
  Path workDir;

  @Test
  void startsOnEmbeddedDefaultsAndStopsCleanly() throws Exception {
    int port = FreePort.find();
    // Nothing but the port: not even PATH, so the redis-server bundled in the jar is the one used.
    Process process = start(Map.of("HTTP_PORT", Integer.toString(port)));
    Path log = workDir.resolve("out.log");
    try {
      String base = "http://localhost:" + port;
      long upAfter = Eventually.within(Duration.ofSeconds(10), "/health is 200", () -> Http.status(base + "/health") == 200);
      assertThat(upAfter).isLessThan(10_000);
      assertThat(Http.get(base + "/health").body()).contains("\"outcome\":\"UP\"");

      HttpResponse<String> metrics = Http.get(base + "/metrics");
      assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body()).contains("# TYPE", "mariposa_redis_up", "jvm_memory_used_bytes");

      Eventually.within(Duration.ofSeconds(5), "the banner names the dashboard URL",
          () -> read(log).contains("Dashboard  http://localhost:" + port + "/"));
      assertThat(read(log)).contains("Redis      embedded", "MongoDB    embedded mongo-java-server");
      assertThat(workDir.resolve("data/mongo/mongo.mv")).exists();

      List<ProcessHandle> children = process.descendants().toList();
      assertThat(children).as("the embedded redis-server").isNotEmpty();

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
      assertThat(read(log)).contains("Mariposa stopped");
      Eventually.within(Duration.ofSeconds(2), "the embedded redis-server is gone",
          () -> children.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aBadValueStopsStartupWithOneClearLine() throws Exception {
    Process process = start(Map.of("REDIS_MODE", "bogus", "HTTP_PORT", "http"));
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    String output = read(workDir.resolve("out.log")).strip();
    assertThat(output.lines()).hasSize(1);
    assertThat(output).startsWith("Invalid configuration:").contains("HTTP_PORT=http", "REDIS_MODE=bogus",
        "one of standalone, cluster, sentinel");
  }

  private Process start(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("out.log").toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
