package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROLES and instance counts decide what a process deploys; /health and /metrics are always there. */
class LauncherTest {
  @TempDir
  Path dataDir;

  @Test
  void deploysOnlyTheNamedRolesWithTheirInstanceCounts() {
    var config = TestConfigs.config(dataDir, Map.of("ROLES", "feed,jobs"),
        json -> json.getJsonObject("instances").put("feed", 3).put("jobs", 2));
    Mariposa app = Mariposa.start(config);
    try {
      assertThat(app.deployedInstances())
          .containsEntry("feed", 3)
          .containsEntry("jobs", 2)
          .containsEntry("ops-http", 1)
          .containsKey("event-loop-probe")
          .doesNotContainKeys("http", "analysis", "signal", "trade", "session", "metrics");

      assertThat(Http.status(app.baseUrl() + "/health")).isEqualTo(200);
      HttpResponse<String> metrics = Http.get(app.baseUrl() + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body()).contains("mariposa_redis_up", "jvm_memory_used_bytes", "vertx_");

      HttpResponse<String> dashboard = Http.get(app.baseUrl() + "/");
      assertThat(dashboard.statusCode()).as("no dashboard without the http role").isEqualTo(404);
      assertThat(dashboard.body()).isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"No resource at /\"}}");
    } finally {
      app.stop();
    }
  }

  @Test
  void theHttpRoleServesTheDashboardAndJsonErrors() {
    var config = TestConfigs.config(dataDir, Map.of("ROLES", "http"),
        json -> json.getJsonObject("instances").put("http", 3));
    Mariposa app = Mariposa.start(config);
    try {
      assertThat(app.deployedInstances()).containsEntry("http", 3).doesNotContainKey("ops-http");
      HttpResponse<String> page = Http.get(app.baseUrl() + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>Mariposa — live dashboard</title>", "vendor/vertx-eventbus.js");

      HttpResponse<String> post = Http.post(app.baseUrl() + "/health", "{}");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.body()).startsWith("{\"error\":{\"code\":\"method_not_allowed\"");

      HttpResponse<String> missing = Http.get(app.baseUrl() + "/api/nothing-here?x=%00");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("content-type").orElse("")).startsWith("application/json");
      assertThat(missing.body()).startsWith("{\"error\":{\"code\":\"not_found\"");
    } finally {
      app.stop();
    }
  }
}
