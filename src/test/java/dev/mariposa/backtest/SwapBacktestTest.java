package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.metrics.TradeFill;
import dev.mariposa.testing.SharedData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Swap agents backtested on the recorded BTCUSDT hours of August 2024 (the fall into the 5 August
 * crash), their orders scripted by bar, every figure worked out by hand from the fills: a short
 * opened and closed lower with one funding payment, and a 10× isolated long liquidated at the
 * price OKX's margin ratio gives, before its stop, by a bar that fell through both.
 */
class SwapBacktestTest {
  private static final String MONTH = "binance/klines/BTCUSDT-1h-2024-08.csv";
  private static final BigDecimal TAKER = new BigDecimal("0.0005");
  private static final BigDecimal MMR = new BigDecimal("0.004");
  private static final MathContext MC = MathContext.DECIMAL64;
  private static Backtest backtest;

  @BeforeAll
  static void readTheMonth() throws Exception {
    Path month = SharedData.require(MONTH);
    MariposaConfig config = ConfigLoader.load(Map.of("SYMBOLS", "BTCUSDT"));
    backtest = Backtest.prepare(List.of(month), config);
  }

  private static long at(String time) {
    return Instant.parse(time).toEpochMilli();
  }

  /** An agent on {@code remote:script}: the given action on the bar opening at each time, HOLD on the others. */
  private static Backtest.Outcome run(String account, String risk, Map<Long, Action> script) {
    return backtest(account, risk, script).outcomes().get(0);
  }

  private static Backtest.Run backtest(String account, String risk, Map<Long, Action> script) {
    JsonObject json = new JsonObject().put("id", "perp").put("symbols", new JsonArray().add("BTCUSDT"))
        .put("interval", "1h").put("minConfidence", 0.3).put("agreement", 0.5)
        .put("models", new JsonArray().add(new JsonObject().put("name", "remote:script")))
        .put("account", new JsonObject(account)).put("risk", new JsonObject(risk));
    Agent agent = AgentJson.parse(json, "perp", Set.of());
    return backtest.withRemoteModels(name -> new Script(script))
        .run(List.of(agent), at("2024-08-01T00:00:00Z"), at("2024-08-06T00:00:00Z"));
  }

  @Test
  void aShortOpenedAndClosedLowerWithOneFundingPaymentToTheCent() {
    Backtest.Run backtestRun = backtest("{\"market\":\"swap\",\"leverage\":3,\"short\":true,\"startingBalance\":10000}",
        "{\"maxPositionNotional\":3000,\"stopLossPct\":5,\"takeProfitPct\":0,\"cooldownSeconds\":0}",
        Map.of(at("2024-08-04T12:00:00Z"), Action.SELL, at("2024-08-04T17:00:00Z"), Action.BUY));
    Backtest.Outcome outcome = backtestRun.outcomes().get(0);

    List<TradeFill> trades = outcome.fills().stream().filter(f -> !f.isFunding()).toList();
    List<TradeFill> funding = outcome.fills().stream().filter(TradeFill::isFunding).toList();
    assertThat(trades).hasSize(2);
    TradeFill open = trades.get(0);
    TradeFill close = trades.get(1);
    assertThat(open.buy()).isFalse();
    assertThat(close.buy()).isTrue();
    assertThat(close.quantity()).isEqualByComparingTo(open.quantity());
    BigDecimal q = open.quantity();
    // Sold after the 12:00 bar closed at 61062, bought back after the 17:00 bar closed at 57864.43.
    assertThat(open.price().doubleValue()).isCloseTo(61062, org.assertj.core.data.Offset.offset(31.0));
    assertThat(close.price().doubleValue()).isCloseTo(57864.43, org.assertj.core.data.Offset.offset(29.0));
    // Taker fees of 0.05 % on each side.
    assertThat(open.fee()).isEqualByComparingTo(q.multiply(open.price()).multiply(TAKER));
    assertThat(close.fee()).isEqualByComparingTo(q.multiply(close.price()).multiply(TAKER));
    // One funding in between, at 16:00, on the mark of then (the 15:00 bar's close, 59086.01), at the
    // modelled 0.01 %: a short receives it.
    assertThat(funding).hasSize(1);
    assertThat(funding.get(0).at()).isEqualTo(at("2024-08-04T16:00:00Z"));
    BigDecimal received = q.multiply(new BigDecimal("59086.01")).multiply(new BigDecimal("0.0001"));
    assertThat(funding.get(0).funding()).isEqualByComparingTo(received);

    BigDecimal expected = open.price().subtract(close.price()).multiply(q).subtract(open.fee()).subtract(close.fee())
        .add(received);
    assertThat(expected.signum()).isPositive();
    JsonObject figures = outcome.performance();
    assertThat(new BigDecimal(figures.getValue("realized").toString()))
        .isEqualByComparingTo(expected.setScale(2, RoundingMode.HALF_EVEN));
    assertThat(new BigDecimal(figures.getValue("funding").toString()))
        .isEqualByComparingTo(received.setScale(2, RoundingMode.HALF_EVEN));
    assertThat(figures.getInteger("fills")).as("executions, funding aside").isEqualTo(2);
    assertThat(figures.getJsonObject("short").getInteger("roundTrips")).isEqualTo(1);
    assertThat(figures.getJsonObject("short").getInteger("wins")).isEqualTo(1);
    assertThat(figures.getJsonObject("long").getInteger("roundTrips")).isZero();
    assertThat(figures.getJsonObject("swap").getInteger("liquidations")).isZero();
    // The short's liquidation stayed about 33 % away at 3× (a short is liquidated on a rise).
    assertThat(Double.parseDouble(figures.getJsonObject("swap").getValue("closestLiquidationPct").toString()))
        .isGreaterThan(30);
    // The report's one trade: the short, its funding and fees, its P/L the realized profit.
    JsonObject trade = onlyTrade(backtestRun);
    assertThat(trade.getString("side")).isEqualTo("short");
    assertThat(trade.getString("exitReason")).isEqualTo("signal");
    assertThat(new BigDecimal(trade.getValue("pnl").toString())).isEqualByComparingTo(expected.setScale(2, RoundingMode.HALF_EVEN));
    assertThat(new BigDecimal(trade.getValue("funding").toString()))
        .isEqualByComparingTo(received.setScale(2, RoundingMode.HALF_EVEN));
    assertThat(trade.getLong("durationMs")).isEqualTo(close.at() - open.at());
  }

  @Test
  void aTenTimesIsolatedLongIsLiquidatedAtTheComputedPriceBeforeItsStop() {
    Backtest.Run backtestRun = backtest("{\"market\":\"swap\",\"leverage\":10,\"startingBalance\":10000}",
        "{\"maxPositionNotional\":5000,\"stopLossPct\":9,\"takeProfitPct\":0,\"cooldownSeconds\":0}",
        Map.of(at("2024-08-02T22:00:00Z"), Action.BUY));
    Backtest.Outcome outcome = backtestRun.outcomes().get(0);

    List<TradeFill> trades = outcome.fills().stream().filter(f -> !f.isFunding()).toList();
    assertThat(trades).hasSize(2);
    TradeFill open = trades.get(0);
    BigDecimal q = open.quantity();
    BigDecimal entry = open.price();
    // The margin: 10 % of the notional, less the funding the long paid at each 8 hours it held.
    BigDecimal paid = outcome.fills().stream().filter(TradeFill::isFunding).map(TradeFill::funding)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(outcome.fills().stream().filter(TradeFill::isFunding)).hasSize(7); // 3 Aug 00:00 to 5 Aug 00:00
    BigDecimal margin = q.multiply(entry).divide(BigDecimal.TEN, MC).add(paid);
    // OKX's isolated long: liquidated where (margin + upl) / (q × mark × (mmr + taker)) = 1.
    BigDecimal liquidation = q.multiply(entry).subtract(margin)
        .divide(q.multiply(BigDecimal.ONE.subtract(MMR).subtract(TAKER)), MC);
    JsonObject order = outcome.orders().stream().filter(o -> "liquidation".equals(o.getString("source")))
        .findFirst().orElseThrow();
    assertThat(new BigDecimal(order.getValue("averagePrice").toString()).setScale(2, RoundingMode.HALF_UP))
        .isEqualByComparingTo(liquidation.setScale(2, RoundingMode.HALF_UP));
    // Between the 00:00 bar's low (55701) and the 01:00 bar's (52300.17); the 9 % stop never closed.
    assertThat(liquidation.doubleValue()).isBetween(52300.17, 55701.0);
    assertThat(order.getLong("at")).isBetween(at("2024-08-05T01:00:00Z"), at("2024-08-05T02:00:00Z"));
    assertThat(order.getString("exit")).startsWith("liquidation: the mark reached");
    assertThat(outcome.orders()).noneMatch(o -> "exit".equals(o.getString("source")));

    // The whole margin is lost: the open fee, the funding, and the margin.
    BigDecimal openFee = q.multiply(entry).multiply(TAKER);
    BigDecimal expected = openFee.negate().subtract(margin).add(paid);
    JsonObject figures = outcome.performance();
    assertThat(new BigDecimal(figures.getValue("realized").toString()))
        .isEqualByComparingTo(expected.setScale(2, RoundingMode.HALF_EVEN));
    assertThat(figures.getJsonObject("swap").getInteger("liquidations")).isEqualTo(1);
    assertThat(figures.getJsonObject("long").getInteger("roundTrips")).isEqualTo(1);
    JsonObject trade = onlyTrade(backtestRun);
    assertThat(trade.getString("side")).isEqualTo("long");
    assertThat(trade.getString("exitReason")).isEqualTo("liquidation");
    assertThat(new BigDecimal(trade.getValue("pnl").toString())).isEqualByComparingTo(expected.setScale(2, RoundingMode.HALF_EVEN));
  }

  /** The report's trades of the run's one agent: there is one. */
  private static JsonObject onlyTrade(Backtest.Run run) {
    JsonArray trades = run.report().getJsonArray("agents").getJsonObject(0).getJsonArray("trades");
    assertThat(trades).hasSize(1);
    return trades.getJsonObject(0);
  }

  /** Answers each bar as scripted by its open time. */
  private record Script(Map<Long, Action> actions) implements AnalysisModel {
    @Override
    public String name() {
      return Agent.REMOTE_PREFIX + "script";
    }

    @Override
    public Future<ModelDecision> decide(ModelInput input) {
      Action action = actions.getOrDefault(input.indicators().openTime(), Action.HOLD);
      return Future.succeededFuture(ModelDecision.ok(name(), action, 1, List.of("scripted")));
    }
  }
}
