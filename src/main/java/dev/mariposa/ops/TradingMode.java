package dev.mariposa.ops;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.RunningSource;
import dev.mariposa.market.RunningSource.Prices;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether real money is at stake, and on which prices, in words: the startup banner and the
 * dashboard (through {@code GET /api/system}) say the same sentence, such as "Demo trading on OKX
 * (simulated) with replayed prices from 2024-09-21: no real money" or "REAL MONEY on OKX: orders
 * only on live Binance prices".
 *
 * @param money  where orders go: the paper exchange only, OKX's demo (and paper), or OKX with real money
 * @param market what the feed publishes; empty when no feed is known (no feed role, or no report yet)
 */
public record TradingMode(Money money, Optional<RunningSource.State> market) {
  public enum Money { PAPER, DEMO, REAL }

  /** Least live first: what a cluster's feeds together amount to is their least live part. */
  private static final List<Prices> LEAST_LIVE_FIRST =
      List.of(Prices.SYNTHETIC, Prices.NONE, Prices.REPLAYED, Prices.PENDING, Prices.LIVE);

  public static Money money(MariposaConfig.Exchange exchange) {
    if (exchange.realMoney()) {
      return Money.REAL;
    }
    return exchange.kind() == MariposaConfig.ExchangeKind.PAPER ? Money.PAPER : Money.DEMO;
  }

  /**
   * The cluster's mode from the instances' reports ({@code GET /api/system}): the most real money
   * any trade instance may spend ({@code "trading":{"money"}}), and the least live prices any feed
   * instance publishes ({@code "market"}). Without a trade report, {@code own}'s money.
   */
  public static TradingMode ofReports(List<JsonObject> reports, Money own) {
    Money money = reports.stream().map(r -> r.getJsonObject("trading"))
        .filter(t -> t != null && t.getString("money") != null)
        .map(t -> parse(t.getString("money"))).flatMap(Optional::stream)
        .max(Comparator.naturalOrder()).orElse(own);
    List<RunningSource.State> feeds = reports.stream().map(r -> r.getJsonObject("market")).filter(m -> m != null)
        .map(RunningSource.State::fromJson).flatMap(Optional::stream).toList();
    Optional<RunningSource.State> market = feeds.stream()
        .min(Comparator.comparing(s -> LEAST_LIVE_FIRST.indexOf(s.prices())))
        .map(least -> least.prices() != Prices.REPLAYED ? least : spanning(least, feeds));
    return new TradingMode(money, market);
  }

  public boolean realMoney() {
    return money == Money.REAL;
  }

  /** The sentence. */
  public String summary() {
    if (money == Money.REAL) {
      return "REAL MONEY on OKX: orders only on live Binance prices";
    }
    String who = money == Money.DEMO ? "Demo trading on OKX (simulated)" : "Paper trading";
    return who + market.map(this::prices).orElse("") + ": no real money";
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("money", money.name().toLowerCase(Locale.ROOT))
        .put("realMoney", realMoney())
        .put("summary", summary());
    market.ifPresentOrElse(m -> json.put("prices", m.prices().name().toLowerCase(Locale.ROOT))
            .put("pricesFrom", m.from().map(LocalDate::toString).orElse(null))
            .put("pricesTo", m.to().map(LocalDate::toString).orElse(null)),
        () -> json.putNull("prices"));
    return json;
  }

  private String prices(RunningSource.State state) {
    boolean binance = state.source() == MariposaConfig.MarketSource.BINANCE;
    return switch (state.prices()) {
      case SYNTHETIC -> " with synthetic prices" + (binance ? " (Binance is unreachable)" : "");
      case REPLAYED -> " with replayed prices" + state.from().map(from -> " from " + from
          + state.to().filter(to -> !to.equals(from)).map(to -> " to " + to).orElse("")).orElse("");
      case LIVE -> " with live Binance prices";
      case PENDING -> " with live Binance prices" + (money == Money.PAPER ? " (synthetic if Binance is unreachable)" : "");
      case NONE -> " with no market data (Binance is unreachable)";
    };
  }

  /** A replay's days across every feed that replays. */
  private static RunningSource.State spanning(RunningSource.State least, List<RunningSource.State> feeds) {
    Optional<LocalDate> from = feeds.stream().map(RunningSource.State::from).flatMap(Optional::stream).min(Comparator.naturalOrder());
    Optional<LocalDate> to = feeds.stream().map(RunningSource.State::to).flatMap(Optional::stream).max(Comparator.naturalOrder());
    return new RunningSource.State(least.source(), least.prices(), least.reason(), from, to);
  }

  private static Optional<Money> parse(String money) {
    try {
      return Optional.of(Money.valueOf(money.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
