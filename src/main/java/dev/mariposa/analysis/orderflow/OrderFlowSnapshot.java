package dev.mariposa.analysis.orderflow;

import io.vertx.core.json.JsonObject;

/**
 * The order-flow features of one symbol at one moment ({@link OrderFlowFeatures}): what the
 * {@code orderflow} model decides on, what a remote model is shown, and what a maker execution
 * can quote with ({@link #skewBps}, {@link #imbalanceAgainst}). {@code time} is the newest event
 * time seen, {@code bookTime} the newest book's; volumes are in the base asset.
 */
public record OrderFlowSnapshot(String symbol, long time, long bookTime, double bid, double ask, double spreadBps,
                                double bookImbalance, double microPriceBps, double tradeFlowImbalance, double buyVolume,
                                double sellVolume, int trades, double volatilityBps, int returns) {

  public double mid() {
    return (bid + ask) / 2;
  }

  /**
   * Where a maker's quotes should lean, in basis points of the mid: towards the micro-price (up
   * when the bid side is the heavier), at most {@code maxBps} either way.
   */
  public double skewBps(double maxBps) {
    return Math.max(-maxBps, Math.min(maxBps, microPriceBps));
  }

  /**
   * Whether the book now presses against a resting order of this side by at least
   * {@code threshold} of imbalance (sellers' size for a resting buy, buyers' for a resting sell):
   * the moment a maker cancels rather than be filled just before the price moves through it.
   */
  public boolean imbalanceAgainst(boolean restingBuy, double threshold) {
    return restingBuy ? bookImbalance <= -threshold : bookImbalance >= threshold;
  }

  /** Stable field order (remote models hash what they are shown); the volatility only once it is known. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("time", time).put("bookTime", bookTime).put("bid", bid).put("ask", ask)
        .put("spreadBps", spreadBps).put("bookImbalance", bookImbalance).put("microPriceBps", microPriceBps)
        .put("tradeFlowImbalance", tradeFlowImbalance).put("buyVolume", buyVolume).put("sellVolume", sellVolume)
        .put("trades", trades);
    if (Double.isFinite(volatilityBps)) {
      json.put("volatilityBps", volatilityBps);
    }
    return json;
  }
}
