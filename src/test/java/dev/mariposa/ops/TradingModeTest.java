package dev.mariposa.ops;

import dev.mariposa.ops.TradingMode.Money;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The cluster's trading mode in words, from the instances' reports as GET /api/system reads them. */
class TradingModeTest {
  @Test
  void theMostRealMoneyAndTheLeastLivePricesOfTheCluster() {
    JsonObject paperTrader = new JsonObject().put("trading", new JsonObject().put("money", "paper"));
    JsonObject demoTrader = new JsonObject().put("trading", new JsonObject().put("money", "demo"));
    JsonObject liveFeed = new JsonObject().put("market", new JsonObject().put("source", "binance").put("prices", "live"));
    JsonObject fallenBack = new JsonObject().put("market", new JsonObject().put("source", "binance")
        .put("prices", "synthetic").put("reason", "Binance is unreachable (Connection refused)"));

    TradingMode mode = TradingMode.ofReports(List.of(paperTrader, demoTrader, liveFeed, fallenBack), Money.PAPER);
    assertThat(mode.summary()).isEqualTo("Demo trading on OKX (simulated) with synthetic prices (Binance is unreachable): "
        + "no real money");
    assertThat(mode.toJson().getString("prices")).isEqualTo("synthetic");

    JsonObject realTrader = new JsonObject().put("trading", new JsonObject().put("money", "real"));
    TradingMode real = TradingMode.ofReports(List.of(paperTrader, realTrader, liveFeed), Money.PAPER);
    assertThat(real.summary()).isEqualTo("REAL MONEY on OKX: orders only on live Binance prices");
    assertThat(real.toJson().getBoolean("realMoney")).isTrue();
  }

  @Test
  void replaysSpanTheirDaysAndNoReportMeansTheInstancesOwnMoney() {
    JsonObject bars = new JsonObject().put("market", new JsonObject().put("source", "replay").put("prices", "replayed")
        .put("from", "2024-09-21").put("to", "2024-09-21"));
    JsonObject streams = new JsonObject().put("market", new JsonObject().put("source", "replay").put("prices", "replayed")
        .put("from", "2021-04-05").put("to", "2021-04-05"));
    assertThat(TradingMode.ofReports(List.of(bars), Money.DEMO).summary())
        .isEqualTo("Demo trading on OKX (simulated) with replayed prices from 2024-09-21: no real money");
    assertThat(TradingMode.ofReports(List.of(bars, streams), Money.PAPER).summary())
        .isEqualTo("Paper trading with replayed prices from 2021-04-05 to 2024-09-21: no real money");
    assertThat(TradingMode.ofReports(List.of(new JsonObject().put("market", new JsonObject().put("source", "?"))),
        Money.PAPER).summary()).isEqualTo("Paper trading: no real money");
  }
}
