package dev.mariposa.analysis.orderflow;

import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.analysis.model.Reasons;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * {@code orderflow}: decides on the order book and the trades, not on bars. Three votes from -1
 * (sell) to +1 (buy), each weighing the same: the book imbalance over the top levels, the
 * micro-price's lean within the half-spread ((micro - mid) / (spread / 2), the size imbalance at
 * the best prices), and the trade-flow imbalance of the trade window (only with at least
 * {@code minTrades} trades in it). Their mean is the score; at {@code threshold} or beyond either
 * way it is a BUY or a SELL with the score as confidence, else HOLD. A spread wider than
 * {@code maxSpreadBps} or a volatility above {@code maxVolatilityBps} holds outright (confidence
 * 1). Without features (no book seen for the symbol: a bar-only backtest) it does not vote
 * (unavailable). Pure and deterministic, like the technical model; the throttle is
 * {@link OrderFlowTracker}'s, which decides when it is asked on the flow.
 */
public final class OrderFlowModel implements AnalysisModel {
  public static final String NAME = "orderflow";

  private final OrderFlowParams params;

  public OrderFlowModel(OrderFlowParams params) {
    this.params = params;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<ModelDecision> decide(ModelInput input) {
    return Future.succeededFuture(evaluate(input.symbol(), input.flow()));
  }

  public ModelDecision evaluate(String symbol, Optional<OrderFlowSnapshot> features) {
    if (features.isEmpty()) {
      return ModelDecision.excluded(NAME, ModelDecision.Status.UNAVAILABLE, "no order book of " + symbol + " seen yet");
    }
    OrderFlowSnapshot f = features.get();
    Reasons reasons = new Reasons();
    if (f.spreadBps() > params.maxSpreadBps()) {
      reasons.format("spread %.1f bps above %.1f: crossing it would eat the edge", f.spreadBps(), params.maxSpreadBps());
      return ModelDecision.ok(NAME, Action.HOLD, 1, reasons);
    }
    if (f.volatilityBps() > params.maxVolatilityBps()) {
      reasons.format("volatility %.2f bps a book update above %.2f: the book says little now", f.volatilityBps(),
          params.maxVolatilityBps());
      return ModelDecision.ok(NAME, Action.HOLD, 1, reasons);
    }
    double sum = f.bookImbalance();
    int votes = 1;
    reasons.format("book imbalance %+.2f over %d levels", f.bookImbalance(), params.depth());
    double lean = f.microPriceBps() / (f.spreadBps() / 2);
    sum += lean;
    votes++;
    reasons.format("micro-price %+.2f bps from mid (%+.2f of the half-spread)", f.microPriceBps(), lean);
    if (f.trades() >= params.minTrades()) {
      sum += f.tradeFlowImbalance();
      votes++;
      reasons.format("trade flow %+.2f over %d trades in %d s", f.tradeFlowImbalance(), f.trades(),
          params.tradeWindow().toSeconds());
    } else {
      reasons.format("%d trades in %d s: trade flow not counted", f.trades(), params.tradeWindow().toSeconds());
    }
    double score = sum / votes;
    if (Double.isFinite(f.volatilityBps())) {
      reasons.format("spread %.1f bps, volatility %.2f bps", f.spreadBps(), f.volatilityBps());
    } else {
      reasons.format("spread %.1f bps, volatility not known yet", f.spreadBps());
    }
    if (score >= params.threshold()) {
      return ModelDecision.ok(NAME, Action.BUY, round(Math.min(1, score)), reasons);
    }
    if (score <= -params.threshold()) {
      return ModelDecision.ok(NAME, Action.SELL, round(Math.min(1, -score)), reasons);
    }
    reasons.format("score %+.2f within ±%.2f: no edge", score, params.threshold());
    return ModelDecision.ok(NAME, Action.HOLD, round(1 - Math.abs(score) / params.threshold() * 0.5), reasons);
  }

  /** Four decimals: decisions compare equal across runs and read well. */
  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

}
