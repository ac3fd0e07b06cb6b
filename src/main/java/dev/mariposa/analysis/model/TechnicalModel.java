package dev.mariposa.analysis.model;

import dev.mariposa.agent.TechnicalParams;
import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.indicators.MarketSeries;
import io.vertx.core.Future;

/**
 * A rule ensemble over the indicators: each rule votes from -1 (sell) to +1 (buy) with a weight and
 * says why; the weighted mean is the score. A score beyond the agent's threshold (its params'
 * {@code threshold}, 0.25 standard) either way is a BUY or a SELL with the score as confidence; in
 * between, HOLD. Pure and deterministic: the same input
 * always gives the same decision, which is what makes replays and backtests repeatable.
 */
public final class TechnicalModel implements AnalysisModel {
  public static final String NAME = "technical";
  private static final double IMBALANCE = 0.3;
  private static final double WIDE_SPREAD_BPS = 10;
  private static final double VOLATILE_ATR_SHARE = 0.01;

  private final TechnicalParams params;

  /** With the standard settings. */
  public TechnicalModel() {
    this(TechnicalParams.STANDARD);
  }

  /** With an agent's settings: its threshold and RSI bounds (its periods are the series' it is given). */
  public TechnicalModel(TechnicalParams params) {
    this.params = params;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<ModelDecision> decide(ModelInput input) {
    return Future.succeededFuture(evaluate(input));
  }

  public ModelDecision evaluate(ModelInput input) {
    IndicatorSnapshot s = input.indicators();
    if (!s.warm()) {
      return ModelDecision.ok(NAME, Action.HOLD, 0,
          new Reasons().format("warming up: %d of %d bars", s.bars(), MarketSeries.WARMUP_BARS));
    }
    Votes votes = new Votes();
    double price = input.price();
    if (s.rsi() < params.oversold()) {
      votes.add(1, 1, "RSI %.1f oversold", s.rsi());
    } else if (s.rsi() > params.overbought()) {
      votes.add(-1, 1, "RSI %.1f overbought", s.rsi());
    } else {
      votes.add(0, 1, null);
    }
    int trend = Double.compare(s.emaFast(), s.emaSlow());
    votes.add(trend, 1, trend > 0 ? "EMA%d above EMA%d: uptrend" : trend < 0 ? "EMA%d below EMA%d: downtrend" : null,
        params.periods().emaFast(), params.periods().emaSlow());
    int momentum = (int) Math.signum(s.macdHistogram());
    votes.add(momentum, 1, momentum > 0 ? "MACD above its signal line (histogram %.4g)"
        : momentum < 0 ? "MACD below its signal line (histogram %.4g)" : null, s.macdHistogram());
    if (price < s.bollingerLower()) {
      votes.add(1, 1, "price below the lower Bollinger band: stretched down");
    } else if (price > s.bollingerUpper()) {
      votes.add(-1, 1, "price above the upper Bollinger band: stretched up");
    } else {
      votes.add(0, 1, null);
    }
    if (Double.isFinite(s.vwap())) {
      votes.add(price > s.vwap() ? 1 : -1, 0.5, price > s.vwap() ? "price above VWAP" : "price below VWAP");
    }
    input.book().ifPresent(book -> bookVotes(book, votes));
    double score = votes.score();
    double confidence = Math.min(1, Math.abs(score));
    Reasons reasons = votes.reasons;
    if (Double.isFinite(s.atr()) && s.atr() / price > VOLATILE_ATR_SHARE) {
      confidence *= 0.8;
      reasons.format("volatile: ATR %.2f%% of price, confidence reduced", 100 * s.atr() / price);
    }
    if (input.book().isPresent() && input.book().get().spreadBps() > WIDE_SPREAD_BPS) {
      confidence *= 0.8;
      reasons.format("wide spread %.1f bps, confidence reduced", input.book().get().spreadBps());
    }
    double threshold = params.threshold();
    if (score >= threshold) {
      return ModelDecision.ok(NAME, Action.BUY, round(confidence), reasons);
    }
    if (score <= -threshold) {
      return ModelDecision.ok(NAME, Action.SELL, round(confidence), reasons);
    }
    reasons.format("score %.2f within ±%.2f: no edge", score, threshold);
    return ModelDecision.ok(NAME, Action.HOLD, round(1 - Math.abs(score) / threshold * 0.5), reasons);
  }

  private static void bookVotes(BookFeatures book, Votes votes) {
    if (book.imbalance() > IMBALANCE) {
      votes.add(1, 0.5, "bids outweigh asks (imbalance %.2f)", book.imbalance());
    } else if (book.imbalance() < -IMBALANCE) {
      votes.add(-1, 0.5, "asks outweigh bids (imbalance %.2f)", book.imbalance());
    } else {
      votes.add(0, 0.5, null);
    }
  }

  /** Four decimals: decisions compare equal across runs and read well. */
  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /**
   * Weighted votes: the score is their weighted mean over every rule that could judge, so a rule
   * that sees nothing remarkable (RSI between the bands) pulls the score towards HOLD.
   */
  private static final class Votes {
    private double sum;
    private double weights;
    private final Reasons reasons = new Reasons();

    void add(double vote, double weight, String reason, Object... args) {
      sum += vote * weight;
      weights += weight;
      if (reason != null) {
        reasons.format(reason, args);
      }
    }

    double score() {
      return weights == 0 ? 0 : sum / weights;
    }
  }
}
