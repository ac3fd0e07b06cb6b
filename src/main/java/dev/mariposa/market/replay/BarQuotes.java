package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The quote a kline replay derives from each closed bar, where the recording has no ticker or
 * book: bid and ask around the close, {@code spreadBps} apart, each with the bar's volume as its
 * size (no more than was traded in the bar can be taken). The live replay publishes them and a
 * backtest uses them, so both trade on the same prices. Marked {@code derived}.
 */
public final class BarQuotes {
  private final double halfSpread;

  public BarQuotes(double spreadBps) {
    this.halfSpread = spreadBps / 20_000;
  }

  private double bid(Kline bar) {
    return bar.close().doubleValue() * (1 - halfSpread);
  }

  private double ask(Kline bar) {
    return bar.close().doubleValue() * (1 + halfSpread);
  }

  /** The body of {@code market.ticker.<SYMBOL>} at the bar's close. */
  public JsonObject ticker(Kline bar, long receivedAt) {
    double size = bar.volume().doubleValue();
    return header(bar, receivedAt).put("bid", bid(bar)).put("bidQty", size).put("ask", ask(bar)).put("askQty", size)
        .put("updateId", bar.closeTime());
  }

  /** The body of {@code market.book.<SYMBOL>}: one level each side. */
  public JsonObject book(Kline bar, long receivedAt) {
    double size = bar.volume().doubleValue();
    return header(bar, receivedAt).put("lastUpdateId", bar.closeTime())
        .put("bids", new JsonArray().add(new JsonArray().add(bid(bar)).add(size)))
        .put("asks", new JsonArray().add(new JsonArray().add(ask(bar)).add(size)));
  }

  private static JsonObject header(Kline bar, long receivedAt) {
    return new JsonObject().put("symbol", bar.symbol()).put("source", "replay").put("derived", true)
        .put("exchangeTime", bar.closeTime()).put("receivedAt", receivedAt);
  }
}
