package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.IndicatorPeriods;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.indicators.MarketSeries;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNum;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/agents/{id}/indicators on a replayed real day (the agent's own periods, the values of
 * its models' code and of ta4j on the same bars), and GET /api/overview: money summed over the
 * agents, rejections within their window and per exchange (MongoDB), dead letters (Redis).
 */
class OverviewAndIndicatorsApiTest {
  private static final String TOKEN = "overview-token-0123456789";
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  /** Not the standard periods: the answer must be the agent's. */
  private static final IndicatorPeriods QUICK = new IndicatorPeriods(7, 5, 13, 12, 26, 9, 10, 2.5, 14, 20);
  private static final double RELATIVE = 1e-9;

  @TempDir
  Path dir;

  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void indicatorsAreTheAgentsOwnOnTheBarsTheKlinesServe() throws IOException {
    Path file = SharedData.require(DAY);
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("i", Map.of("ROLES", "feed,http", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "replay",
        "REPLAY_FILES", file.toString(), "REPLAY_SPEED", "0", "API_TOKENS", TOKEN));
    String api = node.baseUrl() + "/api";
    createAgent(api, "quick", "paper", true);
    Eventually.within(Duration.ofSeconds(20), "the day's last 1m bar", () -> {
      HttpResponse<String> r = Http.get(api + "/market/BTCUSDT/klines?interval=1m&limit=1");
      return r.statusCode() == 200 && new JsonObject(r.body()).getJsonArray("klines").getJsonObject(0)
          .getLong("openTime") == 1726963140000L;
    });

    JsonObject answer = new JsonObject(Http.get(api + "/agents/quick/indicators?symbol=btcusdt&interval=1m&limit=200").body());
    assertThat(answer.getString("symbol")).isEqualTo("BTCUSDT");
    assertThat(answer.getJsonObject("periods").getInteger("emaFast")).isEqualTo(5);
    JsonArray points = answer.getJsonArray("points");
    assertThat(points).hasSize(200);

    // The models' code, fed the recorded bars from where the server started its series.
    List<Kline> bars = KlineCsv.read(file);
    long seededFrom = answer.getLong("seededFrom");
    MarketSeries series = new MarketSeries("BTCUSDT", "1m", bars.size(), QUICK);
    BarSeries ta4j = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum::valueOf).build();
    EMAIndicator ema = new EMAIndicator(new ClosePriceIndicator(ta4j), QUICK.emaFast());
    RSIIndicator rsi = new RSIIndicator(new ClosePriceIndicator(ta4j), QUICK.rsi());
    Map<Long, IndicatorSnapshot> expected = new HashMap<>();
    Map<Long, double[]> ta4jValues = new HashMap<>();
    for (Kline k : bars) {
      if (k.openTime() < seededFrom) {
        continue;
      }
      series.add(k.openTime(), k.closeTime(), k.open().doubleValue(), k.high().doubleValue(), k.low().doubleValue(),
          k.close().doubleValue(), k.volume().doubleValue());
      expected.put(k.openTime(), series.snapshot().orElseThrow());
      ta4j.addBar(Duration.ofMinutes(1), Instant.ofEpochMilli(k.closeTime() + 1).atZone(ZoneOffset.UTC),
          k.open().doubleValue(), k.high().doubleValue(), k.low().doubleValue(), k.close().doubleValue(), k.volume().doubleValue());
      int i = ta4j.getEndIndex();
      ta4jValues.put(k.openTime(), new double[] {ema.getValue(i).doubleValue(), rsi.getValue(i).doubleValue()});
    }
    // Up to the last bar closed: one still open (the replay's last) the agent has not seen either.
    JsonArray last = new JsonObject(Http.get(api + "/market/BTCUSDT/klines?interval=1m&limit=2").body()).getJsonArray("klines");
    long lastClosed = last.stream().map(JsonObject.class::cast).filter(k -> k.getBoolean("closed", true))
        .mapToLong(k -> k.getLong("openTime")).max().orElseThrow();
    assertThat(points.getJsonObject(199).getLong("openTime")).isEqualTo(lastClosed);
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      IndicatorSnapshot s = expected.get(p.getLong("openTime"));
      assertThat(s).as("bar %d", i).isNotNull();
      assertThat(p.getBoolean("warm")).isEqualTo(s.warm());
      close(p, "emaFast", s.emaFast(), i);
      close(p, "emaSlow", s.emaSlow(), i);
      close(p, "rsi", s.rsi(), i);
      close(p, "bollingerUpper", s.bollingerUpper(), i);
      close(p, "bollingerMiddle", s.bollingerMiddle(), i);
      close(p, "bollingerLower", s.bollingerLower(), i);
      double[] t = ta4jValues.get(p.getLong("openTime"));
      close(p, "emaFast", t[0], i);
      close(p, "rsi", t[1], i);
    }
    assertThat(points.getJsonObject(199).getBoolean("warm")).isTrue();

    // The agent's interval by default; bad parameters and unknown agents answered as such.
    assertThat(new JsonObject(Http.get(api + "/agents/quick/indicators?limit=5").body()).getString("interval")).isEqualTo("1m");
    assertError(api + "/agents/quick/indicators?interval=7m", 400, "invalid_parameter");
    assertError(api + "/agents/quick/indicators?limit=501", 400, "invalid_parameter");
    assertError(api + "/agents/quick/indicators?symbol=BTC-USDT", 400, "invalid_parameter");
    assertError(api + "/agents/nobody/indicators", 404, "agent_not_found");
  }

  @Test
  void overviewSumsTheAgentsAndCountsRejectionsAndDeadLetters() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("o", Map.of("ROLES", "http", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN));
    String api = node.baseUrl() + "/api";
    createAgent(api, "alpha", "paper", false);
    createAgent(api, "beta", "paper", false);
    long now = System.currentTimeMillis();
    var orders = node.services().mongo().client();
    List<JsonObject> stored = List.of(
        order("r1", "alpha", "paper", "REJECTED", now - 60_000, "insufficient balance"),
        order("r2", "beta", "paper", "REJECTED", now - 1_000, "price out of band"),
        order("r3", "beta", "okx", "REJECTED", now - 2_000, "okx said no"),
        order("old", "alpha", "paper", "REJECTED", now - 25 * 3_600_000L, "yesterday's"),
        order("f1", "alpha", "paper", "FILLED", now, null));
    stored.forEach(o -> orders.save("orders", o).await());
    String dead = new TradeStream(node.services().redis(), node.services().keys(), 1000).deadLetterKey();
    String ticket = new JsonObject().put("signal", new JsonObject().put("agentId", "beta").put("symbol", "BTCUSDT")).encode();
    node.services().redis().send(Request.cmd(Command.XADD).arg(dead).arg("*").arg("id").arg("1-0").arg("t").arg(ticket)
        .arg("reason").arg("delivered 5 times without an outcome")).await();

    JsonObject all = new JsonObject(Http.get(api + "/overview").body());
    assertThat(all.getString("exchange")).isEqualTo("all");
    assertThat(all.getInteger("agents")).isEqualTo(2);
    assertThat(new BigDecimal(all.getValue("equity").toString())).isEqualByComparingTo("20000");
    assertThat(new BigDecimal(all.getValue("pnlTotal").toString())).isEqualByComparingTo("0");
    assertThat(new BigDecimal(all.getValue("pnlToday").toString())).isEqualByComparingTo("0");
    JsonObject rejections = all.getJsonObject("rejections");
    assertThat(rejections.getLong("count")).as("the last 24 h, every exchange").isEqualTo(3);
    assertThat(rejections.getJsonArray("latest").stream().map(o -> ((JsonObject) o).getString("clOrdId")))
        .containsExactly("r2", "r3", "r1");
    assertThat(rejections.getJsonArray("latest").getJsonObject(0).getString("reason")).isEqualTo("price out of band");
    JsonObject deadLetters = all.getJsonObject("deadLetters");
    assertThat(deadLetters.getLong("count")).isEqualTo(1);
    JsonObject letter = deadLetters.getJsonArray("latest").getJsonObject(0);
    assertThat(letter.getString("agentId")).isEqualTo("beta");
    assertThat(letter.getString("reason")).isEqualTo("delivered 5 times without an outcome");
    assertThat(all.getLong("errors")).isEqualTo(4);
    assertThat(all.getLong("warnings")).isEqualTo(all.getJsonObject("reconnects").getLong("count"));

    JsonObject paper = new JsonObject(Http.get(api + "/overview?exchange=paper").body());
    assertThat(paper.getInteger("agents")).isEqualTo(2);
    assertThat(paper.getJsonObject("rejections").getLong("count")).isEqualTo(2);
    JsonObject live = new JsonObject(Http.get(api + "/overview?exchange=okx").body());
    assertThat(live.getInteger("agents")).isZero();
    assertThat(new BigDecimal(live.getValue("equity").toString())).isEqualByComparingTo("0");
    assertThat(live.getJsonObject("rejections").getLong("count")).isEqualTo(1);
    assertError(api + "/overview?exchange=binance", 400, "invalid_parameter");
  }

  private static JsonObject order(String id, String agent, String exchange, String status, long updatedAt, String reason) {
    JsonObject o = new JsonObject().put("_id", id).put("clOrdId", id).put("agentId", agent).put("symbol", "BTCUSDT")
        .put("side", "BUY").put("quantity", "0.01").put("exchange", exchange).put("status", status).put("settled", true)
        .put("createdAt", updatedAt).put("updatedAt", updatedAt);
    return reason == null ? o : o.put("reason", reason);
  }

  private static void createAgent(String api, String id, String exchange, boolean quick) {
    JsonObject model = new JsonObject().put("name", "technical").put("weight", 1);
    if (quick) {
      model.put("params", new JsonObject().put("rsi", QUICK.rsi()).put("emaFast", QUICK.emaFast())
          .put("emaSlow", QUICK.emaSlow()).put("bollinger", QUICK.bollinger()).put("bollingerK", QUICK.bollingerK()));
    }
    JsonObject agent = new JsonObject().put("id", id).put("symbols", new JsonArray().add("BTCUSDT")).put("interval", "1m")
        .put("models", new JsonArray().add(model))
        .put("account", new JsonObject().put("exchange", exchange).put("startingBalance", 10000));
    HttpResponse<String> created = Http.send("POST", api + "/agents", agent.encode(), TOKEN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static void close(JsonObject point, String field, double expected, int bar) {
    if (Double.isNaN(expected)) {
      assertThat(point.containsKey(field)).as("%s at point %d: not enough bars yet", field, bar).isFalse();
      return;
    }
    double actual = point.getDouble(field);
    assertThat(Math.abs(actual - expected) <= RELATIVE * Math.abs(expected))
        .as("%s at point %d: %s vs %s", field, bar, actual, expected).isTrue();
  }

  private static void assertError(String url, int status, String code) {
    HttpResponse<String> response = Http.get(url);
    assertThat(response.statusCode()).as(url).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).as(url).isEqualTo(code);
  }
}
