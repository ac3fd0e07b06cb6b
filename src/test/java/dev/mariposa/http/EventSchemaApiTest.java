package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/events/schemas and /api/events/schemas/{name}: the families, their channels, the schemas as in src/main/resources/events. */
class EventSchemaApiTest {
  @TempDir
  Path dir;

  @Test
  void listsTheFamiliesWithTheirChannelsAndServesEachSchemaAsPublished() throws Exception {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("api", Map.of("ROLES", "http", "REDIS_KEY_PREFIX", "mp:"));
      String base = node.baseUrl() + "/api/events/schemas";

      HttpResponse<String> list = Http.get(base);
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      assertThat(list.headers().firstValue("content-type").orElse("")).startsWith("application/json");
      JsonObject body = new JsonObject(list.body());
      JsonArray families = body.getJsonArray("families");
      assertThat(families).hasSize(17);
      JsonObject ticker = find(families, "market.ticker");
      assertThat(ticker.getString("address")).isEqualTo("market.ticker.{SYMBOL}");
      assertThat(ticker.getString("direction")).isEqualTo("out");
      assertThat(ticker.getString("schema")).isEqualTo("/api/events/schemas/market.ticker");
      assertThat(ticker.getString("channel")).isEqualTo("mp:bus:market.ticker.{SYMBOL}");
      assertThat(find(families, "perf.leaderboard").getString("channel")).isEqualTo("mp:bus:perf.leaderboard");
      assertThat(find(families, "backtest").getString("channel")).isEqualTo("mp:bus:backtest.{runId}");
      JsonObject signal = find(families, "cmd.signal");
      assertThat(signal.getString("direction")).isEqualTo("in");
      assertThat(signal.getString("request")).isEqualTo("/api/events/schemas/cmd.signal.request");
      assertThat(signal.getString("reply")).isEqualTo("/api/events/schemas/cmd.signal.reply");
      assertThat(signal.containsKey("channel")).isTrue();
      assertThat(signal.getValue("channel")).as("requests are answered where they arrive").isNull();
      assertThat(find(families, "analysis.model").getString("direction")).isEqualTo("model");
      assertThat(body.getJsonObject("redis").getString("mode")).isEqualTo("standalone");
      assertThat(body.getJsonObject("redis").getString("description")).contains("mp:bus:<address>").contains("cluster");

      // Every schema URL answers the file of src/main/resources/events, as written.
      for (Object f : families) {
        JsonObject family = (JsonObject) f;
        for (String field : new String[] {"schema", "request", "reply"}) {
          String url = family.getString(field);
          if (url == null) {
            continue;
          }
          HttpResponse<String> schema = Http.get(node.baseUrl() + url);
          assertThat(schema.statusCode()).as(url).isEqualTo(200);
          String file = url.substring(url.lastIndexOf('/') + 1) + ".schema.json";
          assertThat(new JsonObject(schema.body())).as(url)
              .isEqualTo(new JsonObject(Files.readString(Path.of("src/main/resources/events", file))));
        }
      }

      HttpResponse<String> unknown = Http.get(base + "/market.candle");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("code")).isEqualTo("schema_not_found");
      HttpResponse<String> invalid = Http.get(base + "/not%20a%20name");
      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(invalid.body()).getJsonObject("error").getString("code")).isEqualTo("invalid_parameter");
    }
  }

  private static JsonObject find(JsonArray families, String name) {
    return families.stream().map(JsonObject.class::cast).filter(f -> name.equals(f.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no family " + name + " in " + families.encode()));
  }
}
