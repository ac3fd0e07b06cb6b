package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.redis.RedisState;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's rate limits: one budget per group and identity shared by every instance, the
 * X-RateLimit-* headers, 429 with Retry-After and the JSON error, and what happens without Redis.
 */
class ApiRateLimitTest {
  private static final String TOKEN = "ratelimit-test-token-0123456789";

  @TempDir
  Path dir;

  /** read: 5 per minute (bursts of 5); market: 8; write: 2; each group its own budget. */
  private static Consumer<JsonObject> tightLimits(String readsWithoutRedis) {
    return json -> {
      JsonObject limits = json.getJsonObject("rateLimit");
      JsonObject policies = limits.getJsonObject("policies");
      policies.put("read", policy(5)).put("market", policy(8)).put("write", policy(2)).put("admin", policy(2));
      limits.getJsonObject("withoutRedis").put("reads", readsWithoutRedis).put("writes", "refuse");
    };
  }

  private static JsonObject policy(int n) {
    return new JsonObject().put("requests", n).put("periodSeconds", 60).put("burst", n);
  }

  @Test
  void twoInstancesDrawOnOneBudgetPerGroupAndIdentity() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Map<String, String> env = Map.of("ROLES", "http", "API_TOKENS", TOKEN);
      Mariposa a = cluster.start("a", env, tightLimits("allow"));
      Mariposa b = cluster.start("b", env, tightLimits("allow"));

      for (int i = 0; i < 5; i++) {
        HttpResponse<String> ok = Http.get((i % 2 == 0 ? a : b).baseUrl() + "/api/cluster");
        assertThat(ok.statusCode()).as("request %d", i + 1).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
        assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(4 - i));
      }
      HttpResponse<String> limited = Http.get(b.baseUrl() + "/api/cluster");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(new JsonObject(limited.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
      assertThat(limited.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).as("one request per 12 s comes back").isBetween(1L, 12L);
      assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
      assertThat(Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow())).isBetween(1L, 60L);
      assertThat(Http.get(a.baseUrl() + "/api/cluster").statusCode()).as("a shares b's budget").isEqualTo(429);

      // Another group has its own budget; a valid token is its own identity, an invalid one is not.
      assertThat(Http.get(a.baseUrl() + "/api/market/BTCUSDT/ticker").headers().firstValue("X-RateLimit-Limit"))
          .hasValue("8");
      assertThat(Http.send("GET", a.baseUrl() + "/api/cluster", null, TOKEN).statusCode()).isEqualTo(200);
      assertThat(Http.send("GET", a.baseUrl() + "/api/cluster", null, "not-a-valid-token-at-all").statusCode())
          .isEqualTo(429);

      // Writes: 2, then 429 before the body is even looked at.
      String agent = "{\"id\":\"rl-agent\",\"symbols\":[\"BTCUSDT\"],\"models\":[{\"name\":\"technical\"}]}";
      assertThat(Http.send("POST", a.baseUrl() + "/api/agents", "{not json", TOKEN).statusCode()).isEqualTo(400);
      Http.send("POST", b.baseUrl() + "/api/agents", agent, TOKEN);
      HttpResponse<String> third = Http.send("POST", a.baseUrl() + "/api/agents", agent, TOKEN);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).isPresent();

      String metrics = Http.get(a.baseUrl() + "/metrics").body();
      assertThat(metrics).containsPattern("mariposa_http_ratelimit_total\\{group=\"read\".*outcome=\"limited\".*\\} [1-9]");
    }
  }

  @Test
  void withoutRedisReadsAndWritesFollowTheirSetting() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa allowing = cluster.start("allowing", Map.of("ROLES", "http", "API_TOKENS", TOKEN), tightLimits("allow"));
      Mariposa refusing = cluster.start("refusing", Map.of("ROLES", "http", "API_TOKENS", TOKEN), tightLimits("refuse"));
      cluster.redis().stop();
      Eventually.within(Duration.ofSeconds(10), "Redis seen DOWN", () ->
          allowing.services().redis().state() == RedisState.DOWN && refusing.services().redis().state() == RedisState.DOWN);

      // /api/agents reads MongoDB only: allowed means answered.
      assertThat(Http.get(allowing.baseUrl() + "/api/agents").statusCode()).isEqualTo(200);
      HttpResponse<String> refusedRead = Http.get(refusing.baseUrl() + "/api/agents");
      assertThat(refusedRead.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(refusedRead.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limiter_unavailable");
      HttpResponse<String> refusedWrite = Http.send("POST", allowing.baseUrl() + "/api/agents", "{}", TOKEN);
      assertThat(refusedWrite.statusCode()).isEqualTo(503);
      assertThat(refusedWrite.headers().firstValue("Retry-After")).hasValue("1");

      String metrics = Http.get(allowing.baseUrl() + "/metrics").body();
      assertThat(metrics)
          .containsPattern("mariposa_http_ratelimit_total\\{group=\"read\".*outcome=\"allowed_without_redis\".*\\} [1-9]")
          .containsPattern("mariposa_http_ratelimit_total\\{group=\"write\".*outcome=\"refused_without_redis\".*\\} [1-9]");

      cluster.redis().start();
      Eventually.within(Duration.ofSeconds(10), "writes counted in Redis again", () ->
          Http.send("POST", allowing.baseUrl() + "/api/agents", "{}", TOKEN).statusCode() == 400);
    }
  }
}
