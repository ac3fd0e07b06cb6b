package dev.mariposa.agent;

import java.util.List;

/**
 * A trading agent. {@code models} are names such as {@code technical}, {@code orderflow} or
 * {@code llm:<model>} with weights for the ensemble vote; {@code agreement} is the weight share the winning action needs,
 * {@code minConfidence} the confidence below which the agent holds.
 */
public record Agent(
    String id,
    String name,
    List<String> symbols,
    String interval,
    List<ModelWeight> models,
    double minConfidence,
    double agreement,
    RiskLimits risk,
    Account account,
    Execution execution,
    boolean enabled,
    long createdAt,
    long updatedAt,
    long version) {

  /** An agent whose entries are market orders. */
  public Agent(String id, String name, List<String> symbols, String interval, List<ModelWeight> models,
               double minConfidence, double agreement, RiskLimits risk, Account account, boolean enabled,
               long createdAt, long updatedAt, long version) {
    this(id, name, symbols, interval, models, minConfidence, agreement, risk, account, Execution.market(), enabled,
        createdAt, updatedAt, version);
  }

  public static final String TECHNICAL = "technical";
  /** The built-in model deciding on the order book and trades (analysis.orderflow.OrderFlowModel). */
  public static final String ORDER_FLOW = "orderflow";
  public static final String LLM_PREFIX = "llm:";
  /** A model answered by an external process over the TCP bridge, on {@code analysis.model.<name>}. */
  public static final String REMOTE_PREFIX = "remote:";

  /**
   * One model of the agent and its weight in the vote; {@code params}: the technical model's
   * settings ({@link TechnicalParams#STANDARD} unless the agent changes them), null for the others.
   */
  public record ModelWeight(String name, double weight, TechnicalParams params) {
    public ModelWeight(String name, double weight) {
      this(name, weight, name.equals(TECHNICAL) ? TechnicalParams.STANDARD : null);
    }

    public boolean isTechnical() {
      return name.equals(TECHNICAL);
    }

    public boolean isLlm() {
      return name.startsWith(LLM_PREFIX);
    }

    public boolean isRemote() {
      return name.startsWith(REMOTE_PREFIX);
    }

    public boolean isOrderFlow() {
      return name.equals(ORDER_FLOW);
    }

    /** The name of a {@code remote:} model, as its process registers it. */
    public String remoteName() {
      return name.substring(REMOTE_PREFIX.length());
    }

    /** The provider's model name of an {@code llm:} model. */
    public String llmModel() {
      return name.substring(LLM_PREFIX.length());
    }
  }

  /** The periods of the indicators its technical model reads: the standard ones without a technical model. */
  public IndicatorPeriods indicatorPeriods() {
    for (ModelWeight model : models) {
      if (model.isTechnical()) {
        return model.params().periods();
      }
    }
    return IndicatorPeriods.STANDARD;
  }

  /**
   * Checked by the risk gate before every order of this agent, and by the position guard on every
   * tick (stop-loss, take-profit and trailing stop, in percent of the entry or the best price
   * since; 0 turns one off). Notional and losses in the quote asset. For a swap account also:
   * {@code liquidationBufferPct}, the closest (in percent of the mark) an entry may put the
   * position's liquidation price, and {@code maxFundingRatePct}, the highest funding rate an entry
   * accepts to pay at the next funding time (a long pays a positive rate, a short a negative one).
   */
  public record RiskLimits(
      int maxOpenPositions,
      double maxPositionNotional,
      int maxOrdersPerMinute,
      double dailyLossLimit,
      double maxDrawdownPct,
      int cooldownSeconds,
      int maxTickerAgeSeconds,
      double stopLossPct,
      double takeProfitPct,
      double trailingStopPct,
      double liquidationBufferPct,
      double maxFundingRatePct) {

    /** Swap limits at their defaults. */
    public RiskLimits(int maxOpenPositions, double maxPositionNotional, int maxOrdersPerMinute, double dailyLossLimit,
                      double maxDrawdownPct, int cooldownSeconds, int maxTickerAgeSeconds, double stopLossPct,
                      double takeProfitPct, double trailingStopPct) {
      this(maxOpenPositions, maxPositionNotional, maxOrdersPerMinute, dailyLossLimit, maxDrawdownPct, cooldownSeconds,
          maxTickerAgeSeconds, stopLossPct, takeProfitPct, trailingStopPct, DEFAULT_LIQUIDATION_BUFFER_PCT,
          DEFAULT_MAX_FUNDING_RATE_PCT);
    }

    /** An entry's liquidation at least 5 % away from the mark. */
    public static final double DEFAULT_LIQUIDATION_BUFFER_PCT = 5;
    /** 0.1 % per funding interval: ten times OKX's usual 0.01 %. */
    public static final double DEFAULT_MAX_FUNDING_RATE_PCT = 0.1;

    public static RiskLimits defaults() {
      return new RiskLimits(1, 1_000, 6, 200, 10, 60, 5, 1.0, 2.0, 0);
    }
  }

  public enum Exchange { PAPER, OKX }

  /** Where the agent trades, the paper account's starting balance in the quote asset, and what it trades there. */
  public record Account(Exchange exchange, double startingBalance, Market market) {
    /** A spot account. */
    public Account(Exchange exchange, double startingBalance) {
      this(exchange, startingBalance, Market.SPOT);
    }
  }

  /** Whether it trades perpetual swaps (long and short, on margin) rather than spot. */
  public boolean tradesSwaps() {
    return account.market().isSwap();
  }

  /** Whether one of its models is {@code orderflow}: it also decides on the symbols' book and trade updates. */
  public boolean usesOrderFlow() {
    return models.stream().anyMatch(ModelWeight::isOrderFlow);
  }

  public boolean trades(String symbol, String barInterval) {
    return enabled && interval.equals(barInterval) && symbols.contains(symbol);
  }

  /** The same agent, paused: it decides and trades nothing until enabled again. */
  public Agent disabled() {
    return new Agent(id, name, symbols, interval, models, minConfidence, agreement, risk, account, execution, false,
        createdAt, updatedAt, version);
  }

  public Agent withTimes(long created, long updated, long newVersion) {
    return new Agent(id, name, symbols, interval, models, minConfidence, agreement, risk, account, execution, enabled,
        created, updated, newVersion);
  }
}
