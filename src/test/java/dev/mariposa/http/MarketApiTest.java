package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The market API on an instance that does not feed: what the feed leader cached in Redis. */
class MarketApiTest {
  @TempDir
  Path dir;

  private TestCluster cluster;
  private Mariposa feeder;
  private String api;

  @BeforeEach
  void start() {
    cluster = new TestCluster(dir);
    feeder = cluster.start("feeder", Map.of("ROLES", "feed", "SYMBOLS", "BTCUSDT,ETHUSDT", "MARKET_SOURCE", "synthetic"));
    Mariposa http = cluster.start("api", Map.of("ROLES", "http"));
    api = http.baseUrl() + "/api/market";
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void servesTickersBooksAndBatches() {
    Eventually.within(Duration.ofSeconds(10), "a BTCUSDT ticker", () -> Http.status(api + "/BTCUSDT/ticker") == 200);
    JsonObject ticker = new JsonObject(Http.get(api + "/btcusdt/ticker").body());
    assertThat(ticker.getString("symbol")).isEqualTo("BTCUSDT");
    assertThat(ticker.getDouble("bid")).isLessThan(ticker.getDouble("ask"));
    assertThat(ticker.getLong("exchangeTime")).isPositive();

    Eventually.within(Duration.ofSeconds(5), "a book", () -> Http.status(api + "/ETHUSDT/orderbook?depth=3") == 200);
    JsonObject book = new JsonObject(Http.get(api + "/ETHUSDT/orderbook?depth=3").body());
    assertThat(book.getJsonArray("bids")).hasSize(3);
    assertThat(book.getJsonArray("asks")).hasSize(3);

    // Written with the TTL table: ticker and book 2 s.
    var redis = cluster.redis();
    long tickerTtl = pttl(redis.port(), "mariposa:market:ticker:BTCUSDT");
    long bookTtl = pttl(redis.port(), "mariposa:market:book:ETHUSDT");
    assertThat(tickerTtl).isBetween(1L, 2000L);
    assertThat(bookTtl).isBetween(1L, 2000L);

    JsonObject batch = new JsonObject(Http.get(api + "/tickers?symbols=BTCUSDT,ethusdt,DOGEUSDT").body());
    assertThat(batch.getJsonObject("tickers").fieldNames()).containsExactly("BTCUSDT", "ETHUSDT");
    assertThat(batch.getJsonArray("missing")).containsExactly("DOGEUSDT");
  }

  @Test
  void answersBadParametersAndUnknownSymbolsWithJsonErrors() {
    assertError(api + "/BTC-USDT/ticker", 400, "invalid_parameter");
    assertError(api + "/BTCUSDT/klines?limit=5000", 400, "invalid_parameter");
    assertError(api + "/BTCUSDT/klines?interval=7m", 400, "invalid_parameter");
    assertError(api + "/BTCUSDT/orderbook?depth=-1", 400, "invalid_parameter");
    assertError(api + "/tickers", 400, "invalid_parameter");
    assertError(api + "/tickers?symbols=BTC*", 400, "invalid_parameter");
    assertError(api + "/NOSUCHCOIN/ticker", 404, "no_market_data");
  }

  @Test
  void servesReplayedKlinesWithTheAggregatedIntervals() {
    Path file = SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv");
    feeder.stop(); // hands the BTCUSDT lease back: one feeder per symbol in a cluster
    cluster.start("replayer", Map.of("ROLES", "feed", "MARKET_SOURCE", "replay", "REPLAY_FILES", file.toString(),
        "REPLAY_SPEED", "0"));
    Eventually.within(Duration.ofSeconds(15), () -> "the day's hourly bars; 1h: "
        + Http.get(api + "/BTCUSDT/klines?interval=1h&limit=1000").body().length() + " chars, 1m: "
        + Http.get(api + "/BTCUSDT/klines?interval=1m&limit=3").body(), () -> {
      HttpResponse<String> r = Http.get(api + "/BTCUSDT/klines?interval=1h&limit=1000");
      return r.statusCode() == 200 && new JsonObject(r.body()).getJsonArray("klines").size() == 24;
    });
    JsonArray minutes = new JsonObject(Http.get(api + "/BTCUSDT/klines?interval=1m&limit=100").body()).getJsonArray("klines");
    assertThat(minutes).hasSize(100);
    assertThat(minutes.getJsonObject(99).getLong("openTime")).isEqualTo(1726963140000L); // 23:59
    assertThat(minutes.getJsonObject(0).getLong("openTime")).isLessThan(minutes.getJsonObject(1).getLong("openTime"));
  }

  /** PTTL through redis-cli-free plain RESP: the test's own view of the server. */
  private static long pttl(int port, String key) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      String command = "*2\r\n$4\r\nPTTL\r\n$" + key.length() + "\r\n" + key + "\r\n";
      socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
      String reply = new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
      return Long.parseLong(reply.substring(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertError(String url, int status, String code) {
    HttpResponse<String> response = Http.get(url);
    assertThat(response.statusCode()).as(url).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).as(url).isEqualTo(code);
  }
}
