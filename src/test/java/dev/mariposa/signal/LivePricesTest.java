package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.events.Ticker;
import dev.mariposa.market.LatestTicker;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The market_live check of the risk rules, pure: a real-money order is refused on every kind of
 * price that is not live venue data (synthetic, replayed, a stale copy, too old, a book being
 * rebuilt, none at all), naming what and with the numbers; live Binance prices pass; a paper or
 * demo account (realMoney false) trades on any of them as before.
 */
class LivePricesTest {
  private static final long NOW = 1_733_300_000_000L;
  private static final Agent AGENT = new Agent("okx-1", "okx-1", List.of("BTCUSDT"), "1m",
      List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)), 0.5, 0.5, Agent.RiskLimits.defaults(),
      new Agent.Account(Agent.Exchange.OKX, 10_000), true, 0, 0, 1);
  private static final Signal BUY = Signals.requested("okx-1", "BTCUSDT", Signal.Action.BUY, 1, 63_000, "r1", NOW,
      java.time.Duration.ofSeconds(30));
  private static final Signal STOP = Signals.exit("okx-1", "BTCUSDT", NOW - 60_000, 62_000, "stop-loss", NOW,
      java.time.Duration.ofSeconds(30));

  private static Ticker quote(String source, long receivedAt) {
    return Ticker.quote("BTCUSDT", source, 1_726_876_800_000L, receivedAt, new BigDecimal("63000.1"), BigDecimal.ONE,
        new BigDecimal("63000.2"), BigDecimal.ONE);
  }

  private static LatestTicker ticker(String source, long receivedAt) {
    return LatestTicker.of(quote(source, receivedAt));
  }

  private static Optional<RiskRules.Verdict> realMoney(LatestTicker ticker) {
    return RiskRules.screen(BUY, AGENT, true, Optional.empty(), Optional.ofNullable(ticker), NOW);
  }

  private static void assertRefused(Optional<RiskRules.Verdict> verdict, String... reasonParts) {
    assertThat(verdict).as("refused").isPresent();
    assertThat(verdict.get().check()).as(verdict.get().reason()).isEqualTo("market_live");
    assertThat(verdict.get().reason()).startsWith("real money: ").contains(reasonParts);
  }

  @Test
  void realMoneyIsRefusedOnEveryPriceThatIsNotLive() {
    assertRefused(realMoney(ticker("synthetic", NOW)), "BTCUSDT prices are synthetic", "not live venue prices");
    assertRefused(realMoney(ticker("replay", NOW)), "BTCUSDT prices are replayed from recorded data of 2024-09-21T00:00:00Z");
    assertRefused(realMoney(new LatestTicker(quote("binance", NOW - 800), true)), "a stale copy, 800 ms old");
    assertRefused(realMoney(ticker("binance", NOW - 5_001)), "the BTCUSDT ticker is 5001 ms old",
        "at most 5000 ms old");
    assertRefused(realMoney(LatestTicker.of(quote("binance", NOW - 10).withBookSynced(false))),
        "the BTCUSDT order book is being resynchronized");
    assertRefused(realMoney(null), "no BTCUSDT ticker");
    // Exits too: the halt lets them through, live prices do not.
    assertRefused(RiskRules.screen(STOP, AGENT, true, Optional.of(new JsonObject().put("reason", "r")),
        Optional.of(ticker("replay", NOW)), NOW), "replayed");
  }

  @Test
  void liveBinancePricesPass() {
    assertThat(realMoney(LatestTicker.of(quote("binance", NOW - 5_000).withBookSynced(true)))).isEmpty();
    assertThat(realMoney(ticker("binance-rest", NOW - 100))).isEmpty();
  }

  @Test
  void paperAndDemoTradeOnAnyFreshPrices() {
    for (String source : List.of("synthetic", "replay", "binance")) {
      assertThat(RiskRules.screen(BUY, AGENT, false, Optional.empty(), Optional.of(ticker(source, NOW)), NOW))
          .as(source).isEmpty();
    }
    // ...and their old tickers are still refused by the staleness check, not by market_live.
    assertThat(RiskRules.screen(BUY, AGENT, false, Optional.empty(), Optional.of(ticker("synthetic", NOW - 6_000)), NOW))
        .get().extracting(RiskRules.Verdict::check).isEqualTo("stale_market_data");
  }
}
