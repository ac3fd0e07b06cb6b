package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.bus.EventSchemas.Direction;
import dev.mariposa.bus.EventSchemas.Family;
import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.BarQuotes;
import dev.mariposa.metrics.Performance;
import dev.mariposa.metrics.TradeFill;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The published schemas against the index, Addresses, hand-made bodies and bodies the producers make. */
class EventSchemasTest {
  private static final EventSchemas SCHEMAS = EventSchemas.get();
  private static final long T = 1_726_876_800_000L;

  @Test
  void everyFamilyHasItsSchemasEachWithATitleADescriptionAndValidExamples() {
    assertThat(SCHEMAS.families()).extracting(Family::name).containsExactly("market.ticker", "market.trade",
        "market.book", "market.kline", "market.swap", "analysis.result", "signal", "trade", "perf.agent", "perf.leaderboard",
        "system.status", "jobs", "reconciliation", "backtest", "cmd.signal", "cmd.halt", "analysis.model");
    for (Family family : SCHEMAS.families()) {
      String address = sample(family);
      assertThat(SCHEMAS.familyOf(address)).as(address).contains(family);
      for (String name : family.schemaNames()) {
        JsonObject schema = SCHEMAS.schema(name).orElseThrow();
        assertThat(schema.getString("$schema")).as(name).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.getString("title")).as("title of " + name).isNotBlank();
        assertThat(schema.getString("description")).as("description of " + name).hasSizeGreaterThan(40);
        JsonArray examples = schema.getJsonArray("examples");
        assertThat(examples).as("examples of " + name).isNotEmpty();
        for (Object example : examples) {
          List<String> problems = name.endsWith(".request") ? SCHEMAS.validateRequest(address, example)
              : name.endsWith(".reply") ? SCHEMAS.validateReply(address, example)
              : SCHEMAS.validate(address, example);
          assertThat(problems).as("example of %s: %s", name, example).isEmpty();
        }
      }
    }
  }

  @Test
  void theFamiliesAgreeWithAddresses() {
    for (Family family : SCHEMAS.families()) {
      String address = sample(family);
      switch (family.direction()) {
        case OUT -> assertThat(Addresses.isPublic(address)).as(address).isTrue();
        case IN -> assertThat(Addresses.INBOUND_REQUESTS).contains(address);
        case MODEL -> assertThat(Addresses.isPublic(address)).as(address).isFalse();
      }
    }
    // What Addresses.PUBLIC lets out has a family, and nothing else public has one.
    for (String address : List.of("market.ticker.ETHUSDT", "market.trade.ETHUSDT", "market.book.ETHUSDT",
        "market.kline.ETHUSDT.15m", "market.swap.ETHUSDT", "analysis.result.a-1", "signal.a-1", "trade.a-1", "perf.agent.a-1",
        "perf.leaderboard", "system.status", "jobs.memory")) {
      assertThat(SCHEMAS.familyOf(address).map(Family::direction)).as(address).contains(Direction.OUT);
    }
    for (String address : List.of("agents.changed", "analysis.run", "market.ticker.btcusdt", "signal.UPPER", "cmd")) {
      assertThat(SCHEMAS.familyOf(address)).as(address).isEmpty();
    }
  }

  @Test
  void definitionsRepeatedInSeveralFilesAreTheSame() {
    // Each file stands alone (a client needs no $ref resolver across files): copies must not drift.
    assertThat(defs("cmd.signal.reply", "Signal")).isEqualTo(defs("signal", "Signal"));
    assertThat(defs("analysis.model.request", "Indicators")).isEqualTo(defs("analysis.result", "Indicators"));
    assertThat(defs("analysis.model.request", "BookFeatures")).isEqualTo(defs("analysis.result", "BookFeatures"));
    assertThat(defs("perf.leaderboard", "Decimal")).isEqualTo(defs("perf.agent", "Decimal")).isEqualTo(defs("trade", "Decimal"));
  }

  private static JsonObject defs(String schema, String name) {
    return SCHEMAS.schema(schema).orElseThrow().getJsonObject("$defs").getJsonObject(name);
  }

  @Test
  void tickers() {
    String address = "market.ticker.BTCUSDT";
    JsonObject ticker = new JsonObject().put("symbol", "BTCUSDT").put("bid", 63101.23).put("bidQty", 0.5)
        .put("ask", 63101.24).put("askQty", 1.7).put("exchangeTime", T).put("receivedAt", T + 8).put("source", "binance");
    assertThat(SCHEMAS.validate(address, ticker)).isEmpty();
    assertThat(SCHEMAS.validate(address, ticker.copy().put("extra", new JsonObject().put("new", 1)))).as("a new field").isEmpty();

    // Prices are numbers, not Binance's strings.
    assertThat(SCHEMAS.validate(address, ticker.copy().put("bid", "63101.23")))
        .containsExactly("/bid: Instance type string is invalid. Expected number");
    assertThat(SCHEMAS.validate(address, ticker.copy().put("receivedAt", 1.5))).singleElement().asString().startsWith("/receivedAt:");
    JsonObject noAsk = ticker.copy();
    noAsk.remove("ask");
    assertThat(SCHEMAS.validate(address, noAsk)).singleElement().asString().startsWith("/: ").contains("\"ask\"");
    assertThat(SCHEMAS.validate(address, "not an object")).singleElement().asString().startsWith("/: ");
  }

  @Test
  void books() {
    String address = "market.book.BTCUSDT";
    JsonObject book = new JsonObject().put("symbol", "BTCUSDT").put("lastUpdateId", 7L)
        .put("bids", new JsonArray().add(new JsonArray().add(63101.23).add(0.5)))
        .put("asks", new JsonArray().add(new JsonArray().add(63101.24).add(1.7)).add(new JsonArray().add(63102.0).add(0.2)))
        .put("exchangeTime", T).put("receivedAt", T + 8).put("source", "replay");
    assertThat(SCHEMAS.validate(address, book)).isEmpty();
    assertThat(SCHEMAS.validate(address, book.copy().put("asks", new JsonArray()))).as("an empty side").isEmpty();

    // Levels as Binance's REST snapshot writes them (strings), and a level without its quantity.
    JsonObject strings = book.copy().put("bids", new JsonArray().add(new JsonArray().add("63101.23").add("0.5")));
    assertThat(SCHEMAS.validate(address, strings)).containsExactly(
        "/bids/0/0: Instance type string is invalid. Expected number",
        "/bids/0/1: Instance type string is invalid. Expected number");
    JsonObject half = book.copy().put("asks", new JsonArray().add(new JsonArray().add(63101.24)));
    assertThat(SCHEMAS.validate(address, half)).singleElement().asString().startsWith("/asks/0:");
  }

  @Test
  void klines() {
    String address = "market.kline.BTCUSDT.1m";
    JsonObject bar = bar().toJson(T + 60_000, "replay");
    assertThat(SCHEMAS.validate(address, bar)).isEmpty();
    JsonObject noClose = bar.copy();
    noClose.remove("close");
    assertThat(SCHEMAS.validate(address, noClose)).containsExactly("/: Instance does not have required property \"close\"");
    assertThat(SCHEMAS.validate(address, bar.copy().put("closed", "true").put("interval", "one minute")))
        .hasSize(2).anySatisfy(p -> assertThat(p).startsWith("/closed:")).anySatisfy(p -> assertThat(p).startsWith("/interval:"));
  }

  @Test
  void modelRepliesAsAnLlmAnswerIsRead() {
    String address = "analysis.model.remote-ta";
    assertThat(SCHEMAS.familyOf(address).map(Family::direction)).contains(Direction.MODEL);
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "BUY").put("confidence", 0.7))).isEmpty();
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "HOLD").put("confidence", 0)
        .put("reasons", "one reason"))).isEmpty();
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "SELL").put("confidence", 1)
        .put("reasons", new JsonArray(List.of("a", "b", "c", "d", "e"))))).isEmpty();

    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "BUY").put("confidence", 1.7)))
        .singleElement().asString().startsWith("/confidence:");
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "SHORT").put("confidence", 0.5)))
        .singleElement().asString().startsWith("/action:");
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("confidence", 0.5)))
        .containsExactly("/: Instance does not have required property \"action\"");
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "BUY").put("confidence", 0.5)
        .put("reasons", new JsonArray(List.of("a", "b", "c", "d", "e", "f"))))).as("six reasons").isNotEmpty();
    assertThat(SCHEMAS.validateReply(address, new JsonObject().put("action", "BUY").put("confidence", 0.5)
        .put("reasons", new JsonArray().add(3)))).as("a reason that is not a string").isNotEmpty();

    // The request is what ModelInput#toJson writes.
    IndicatorSnapshot indicators = new IndicatorSnapshot("BTCUSDT", "1m", T, T + 59_999, 150, true, 63148.9, 28.4,
        63120.1, 63110.7, 1.2, 0.8, 0.4, 63200, 63100, 63000, 35.5, Double.NaN);
    ModelInput input = new ModelInput(indicators, Optional.of(new BookFeatures(63148.8, 63149.0, 0.03, 0.12, 10)),
        List.of(63120.0, 63148.9), 63148.9, ModelInput.Trigger.BAR);
    assertThat(SCHEMAS.validateRequest(address, input.toJson())).isEmpty();
    assertThat(SCHEMAS.validateRequest(address, input.toJson().put("price", "63148.9"))).singleElement().asString()
        .startsWith("/price:");
  }

  @Test
  void unknownAndMisdirectedAddresses() {
    assertThat(SCHEMAS.familyOf("nothing.here")).isEmpty();
    assertThat(SCHEMAS.familyOf(null)).isEmpty();
    assertThat(SCHEMAS.validate("nothing.here", new JsonObject()))
        .containsExactly("no event-bus address family matches nothing.here");
    assertThat(SCHEMAS.validateReply("nothing.here", new JsonObject())).hasSize(1);
    assertThat(SCHEMAS.validate("cmd.halt", new JsonObject())).singleElement().asString().contains("request address");
    assertThat(SCHEMAS.validateRequest("market.ticker.BTCUSDT", new JsonObject())).singleElement().asString()
        .contains("not a request address");
    assertThat(SCHEMAS.schema("nothing")).isEmpty();
  }

  @Test
  void requestsAndRepliesOfTheCommands() {
    assertThat(SCHEMAS.validateRequest("cmd.halt", new JsonObject())).as("an empty body halts").isEmpty();
    assertThat(SCHEMAS.validateRequest("cmd.halt", new JsonObject().put("halted", "yes"))).singleElement().asString()
        .startsWith("/halted:");
    assertThat(SCHEMAS.validateRequest("cmd.signal", new JsonObject().put("action", "BUY")))
        .containsExactly("/: Instance does not have required property \"agentId\"");
    assertThat(SCHEMAS.validateRequest("cmd.signal", new JsonObject().put("agentId", "a-1").put("action", " buy ")))
        .as("any case, as the command reads it").isEmpty();

    Signal signal = Signals.requested("a-1", "BTCUSDT", Signal.Action.BUY, 0.9, 63148.95, "3f9c0a1b2d4e", T,
        Duration.ofSeconds(30));
    JsonObject reply = new JsonObject().put("queued", new JsonArray().add(signal.toJson())).put("duplicates", new JsonArray());
    assertThat(SCHEMAS.validateReply("cmd.signal", reply)).isEmpty();
    // The same signal, a step of its life, on signal.<agentId>.
    JsonObject event = signal.toJson().put("status", "queued").put("check", "").put("reason", "").put("at", T);
    assertThat(SCHEMAS.validate("signal.a-1", event)).isEmpty();
    assertThat(SCHEMAS.validate("signal.a-1", event.copy().put("status", "lost"))).singleElement().asString()
        .startsWith("/status:");
    assertThat(SCHEMAS.validate("signal.a-1", event.copy().put("score", Long.parseLong(event.getString("score")))))
        .singleElement().asString().startsWith("/score:");
  }

  @Test
  void bodiesTheProducersMakeAreValid() {
    long now = T + 60_000;
    BarQuotes quotes = new BarQuotes(1);
    assertThat(SCHEMAS.validate("market.ticker.BTCUSDT", quotes.ticker(bar(), now))).isEmpty();
    assertThat(SCHEMAS.validate("market.book.BTCUSDT", quotes.book(bar(), now))).isEmpty();

    JsonObject bookTicker = new JsonObject().put("stream", "btcaud@bookTicker").put("data", new JsonObject()
        .put("u", 400900217L).put("s", "BTCAUD").put("b", "76393.00").put("B", "0.00147").put("a", "76480.57").put("A", "0.02"));
    JsonObject aggTrade = new JsonObject().put("stream", "btcaud@aggTrade").put("data", new JsonObject()
        .put("e", "aggTrade").put("E", T).put("s", "BTCAUD").put("a", 2345L).put("p", "76400.00").put("q", "0.001")
        .put("f", 100L).put("l", 101L).put("T", T - 1).put("m", true).put("M", true));
    JsonObject kline = new JsonObject().put("stream", "nknusdt@kline_1m").put("data", new JsonObject().put("E", T)
        .put("k", new JsonObject().put("t", T - 60_000).put("T", T - 1).put("s", "NKNUSDT").put("i", "1m")
            .put("o", "0.45").put("c", "0.46").put("h", "0.47").put("l", "0.44").put("v", "1000").put("n", 12L)
            .put("x", false).put("q", "455.5")));
    for (JsonObject message : List.of(bookTicker, aggTrade, kline)) {
      BinanceMessages.Event e = BinanceMessages.normalize(message, now).orElseThrow();
      assertThat(SCHEMAS.validate(e.address(), e.body())).as(e.address() + " " + e.body()).isEmpty();
    }

    JsonObject figures = Performance.of(BigDecimal.valueOf(10_000),
            List.of(new TradeFill(T, "BTCUSDT", true, new BigDecimal("0.01"), new BigDecimal("63149.00"), new BigDecimal("0.63"))),
            Map.of("BTCUSDT", new BigDecimal("63200.5")))
        .toJson().put("agentId", "a-1").put("name", "A").put("at", now).put("marked", true);
    assertThat(SCHEMAS.validate("perf.agent.a-1", figures)).isEmpty();
    // Money is a JSON number on perf.agent, as every decimal: a string there is a mistake.
    assertThat(SCHEMAS.validate("perf.agent.a-1", figures.copy().put("equity", "10000.5"))).singleElement().asString()
        .startsWith("/equity:");
  }

  /** A concrete address of the family: its template with sample values. */
  static String sample(Family family) {
    return family.address().replace("{SYMBOL}", "BTCUSDT").replace("{interval}", "1m")
        .replace("{agentId}", "momentum-1m").replace("{runId}", "5f0c1e9e-3b7a-4d51-9a35-0e4f43c1a2b7").replace("{name}", family.direction() == Direction.MODEL ? "remote-ta" : "health");
  }

  private static Kline bar() {
    return new Kline("BTCUSDT", "1m", T, T + 59_999, new BigDecimal("63120.00"), new BigDecimal("63150.50"),
        new BigDecimal("63101.20"), new BigDecimal("63148.90"), new BigDecimal("12.345"), new BigDecimal("779012.4"),
        1830, true);
  }
}
