package dev.mariposa.market;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.FakeBinance;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The third cache layer: a symbol nobody feeds comes from Binance REST, once for the whole
 * cluster however many requests miss at once on however many instances; a symbol Binance does not
 * list is remembered as unknown.
 */
class MarketCacheLayersTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  @TempDir
  Path dir;

  @Test
  void concurrentMissesOnTwoInstancesCauseOneRestCall() throws Exception {
    Path capture = SharedData.require(CAPTURE);
    try (FakeBinance fake = new FakeBinance(capture, Map.of()); TestCluster cluster = new TestCluster(dir)) {
      Map<String, String> env = Map.of("ROLES", "http", "MARKET_SOURCE", "binance", "BINANCE_REST_URL", fake.restUrl());
      Mariposa one = cluster.start("api-1", env);
      Mariposa two = cluster.start("api-2", env);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        Mariposa instance = i % 2 == 0 ? one : two;
        answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/api/market/ZILUSDT/ticker")).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
      for (var answer : answers) {
        assertThat(answer.join().statusCode()).isEqualTo(200);
        JsonObject ticker = new JsonObject(answer.join().body());
        assertThat(ticker.getString("symbol")).isEqualTo("ZILUSDT");
        assertThat(ticker.getDouble("bid")).isLessThan(ticker.getDouble("ask"));
      }
      assertThat(fake.requests("bookTicker:ZILUSDT")).as("REST calls for 1000 concurrent misses on 2 instances").isEqualTo(1);

      // Past the 2 s ticker TTL: the last value is served at once, marked stale, while one
      // instance loads a fresh one in the background.
      Thread.sleep(2300);
      JsonObject stale = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(one.baseUrl()
          + "/api/market/ZILUSDT/ticker")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(stale.getBoolean("stale", false)).isTrue();
      dev.mariposa.testing.Eventually.within(Duration.ofSeconds(3), "revalidated in the background",
          () -> fake.requests("bookTicker:ZILUSDT") == 2);
      Thread.sleep(300);
      JsonObject fresh = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(two.baseUrl()
          + "/api/market/ZILUSDT/ticker")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(fresh.containsKey("stale")).isFalse();

      List<CompletableFuture<HttpResponse<String>>> unknown = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        unknown.add(http.sendAsync(HttpRequest.newBuilder(URI.create((i % 2 == 0 ? one : two).baseUrl()
            + "/api/market/NOPEUSDT/ticker")).build(), HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(unknown.toArray(CompletableFuture[]::new)).join();
      assertThat(unknown).allMatch(a -> a.join().statusCode() == 404);
      Thread.sleep(400); // past the in-process TTL: the unknown marker in Redis answers now
      assertThat(http.send(HttpRequest.newBuilder(URI.create(one.baseUrl() + "/api/market/NOPEUSDT/ticker")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      assertThat(fake.requests("bookTicker:NOPEUSDT")).as("an unknown symbol is asked once").isEqualTo(1);
    }
  }
}
