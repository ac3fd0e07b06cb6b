package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent on a symbol no source of the instance serves (docs/ARCHITECTURE.md, Decisions): with a
 * replay (or the synthetic market) the symbols served are known, and another is refused with 422
 * symbol_not_served listing them; with Binance every listed symbol is fed on demand, so it is
 * accepted.
 */
class UnservedSymbolTest {
  private static final String TOKEN = "unserved-token-0123456789";
  private static final String BARS = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  @TempDir
  Path dir;

  @Test
  void aReplayServesItsFilesSymbolsOnlyAndSaysWhichWhenRefusing() {
    String files = SharedData.require(BARS) + "," + SharedData.require(CAPTURE);
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa api = cluster.start("replay", Map.of("ROLES", "http", "MARKET_SOURCE", "replay", "REPLAY_FILES", files,
          "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN));
      HttpResponse<String> refused = create(api, "doge", "[\"BTCUSDT\",\"DOGEUSDT\"]");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("symbol_not_served");
      assertThat(error.getString("message")).startsWith("No market source of this instance serves DOGEUSDT: ")
          .contains("MARKET_SOURCE=replay (REPLAY_FILES) serves", "BTCUSDT", "ZILUSDT");
      // The kline file's symbol and the recording's ten.
      assertThat(error.getJsonArray("symbols")).hasSize(11).contains("BTCUSDT", "ZILUSDT", "BTCAUD");
      assertThat(Http.get(api.baseUrl() + "/api/agents/doge").statusCode()).as("not created").isEqualTo(404);

      assertThat(create(api, "btc", "[\"BTCUSDT\"]").statusCode()).as("a symbol of the kline file").isEqualTo(201);
      assertThat(create(api, "zil", "[\"ZILUSDT\"]").statusCode()).as("a symbol of the recording").isEqualTo(201);
      HttpResponse<String> moved = Http.send("PUT", api.baseUrl() + "/api/agents/btc", "{\"symbols\":[\"DOGEUSDT\"]}", TOKEN);
      assertThat(moved.statusCode()).as("nor moved to one: " + moved.body()).isEqualTo(422);

      HttpResponse<String> ticker = Http.get(api.baseUrl() + "/api/market/DOGEUSDT/ticker");
      assertThat(ticker.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(ticker.body()).getJsonObject("error").getString("message"))
          .contains("No ticker for DOGEUSDT", "MARKET_SOURCE=replay (REPLAY_FILES) serves", "BTCUSDT");
    }
  }

  @Test
  void binanceServesAnySymbolOnDemand() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa api = cluster.start("live", Map.of("ROLES", "http", "MARKET_SOURCE", "binance",
          "BINANCE_REST_URL", "http://127.0.0.1:" + FreePort.find(), "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN));
      HttpResponse<String> created = create(api, "doge", "[\"DOGEUSDT\"]");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
  }

  private static HttpResponse<String> create(Mariposa api, String id, String symbols) {
    return Http.send("POST", api.baseUrl() + "/api/agents", "{\"id\":\"" + id + "\",\"symbols\":" + symbols + "}", TOKEN);
  }
}
