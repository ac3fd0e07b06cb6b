package dev.mariposa.backtest;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Side;
import dev.mariposa.kernel.MarginEngine;
import dev.mariposa.kernel.memory.InMemoryAccountStore;
import dev.mariposa.metrics.TradeFill;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One agent in a backtest: its account, and what it did (signals, orders, fills, equity). */
final class AgentRun {
  final Agent agent;
  private final BigDecimal startingBalance;
  private final InMemoryAccountStore accounts;
  final List<TradeFill> fills = new ArrayList<>();
  /** Beside each fill, why its order was placed ({@link TradeAnalysis#reason}; funding's: empty). */
  final List<String> fillReasons = new ArrayList<>();
  final List<JsonObject> orders = new ArrayList<>();
  /** Signals by outcome: "sent", and "rejected:<check>", "expired", ... */
  final Map<String, Integer> signals = new TreeMap<>();
  /** How its orders were executed: the report's execution section. */
  final ExecutionFigures execution = new ExecutionFigures();
  final List<Long> equityTimes = new ArrayList<>();
  final List<Double> equityValues = new ArrayList<>();
  double peak;
  double maxDrawdownPct;
  /** A swap agent's liquidations, and the closest its positions came to one (percent of the mark; NaN: never held). */
  int liquidations;
  double closestLiquidationPct = Double.NaN;

  /** {@code accounts}: where the run's execution engine keeps the agent's account. */
  AgentRun(Agent agent, InMemoryAccountStore accounts) {
    this.agent = agent;
    this.startingBalance = BigDecimal.valueOf(agent.account().startingBalance());
    this.accounts = accounts;
    this.peak = agent.account().startingBalance();
  }

  BigDecimal startingBalance() {
    return startingBalance;
  }

  /** The agent's account now, as the execution engine left it. */
  Account account() {
    return accounts.get(agent.id(), startingBalance);
  }

  void count(String outcome) {
    signals.merge(outcome, 1, Integer::sum);
  }

  /**
   * Records the settled order of {@code ticket} ({@code status}, {@code reason}) and its fills, placed
   * as {@code placement} says; returns the order as the report lists it.
   */
  JsonObject order(TradeTicket ticket, String status, String reason, List<Fill> executions,
                   ExecutionFigures.Placement placement) {
    Signal signal = ticket.signal();
    boolean buy = ticket.side() == Side.BUY;
    JsonObject order = new JsonObject().put("clOrdId", ticket.clOrdId()).put("signalId", signal.id())
        .put("source", signal.source().name().toLowerCase(Locale.ROOT)).put("symbol", signal.symbol())
        .put("side", ticket.side().name()).put("quantity", JsonDecimals.number(ticket.quantity())).put("status", status)
        .put("at", placement.at());
    if (!reason.isEmpty()) {
      order.put("reason", reason);
    }
    if (signal.source() == Signal.Source.EXIT && !signal.reasons().isEmpty()) {
      order.put("exit", signal.reasons().get(0));
    }
    if (!executions.isEmpty()) {
      BigDecimal filled = executions.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal notional = executions.stream().map(f -> f.quantity().multiply(f.price()))
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      order.put("filledQuantity", JsonDecimals.number(filled))
          .put("averagePrice", JsonDecimals.number(notional.divide(filled, MathContext.DECIMAL64)))
          .put("fee", JsonDecimals.number(executions.stream().map(Fill::fee).reduce(BigDecimal.ZERO, BigDecimal::add)));
    }
    execution.settled(order, ticket, status, executions, placement);
    orders.add(order);
    String why = TradeAnalysis.reason(order.getString("source"), order.getString("exit"));
    for (Fill f : executions) {
      fillReasons.add(why);
      fills.add(new TradeFill(f.at(), signal.symbol(), buy, f.quantity(), f.price(), f.fee(), ticket.swap().isPresent()));
    }
    return order;
  }

  /**
   * Records a liquidation as the report lists it: an order of source {@code liquidation}, and a
   * fill whose fee also holds the margin the venue kept (so the figures equal the account's).
   */
  void liquidated(String symbol, MarginEngine.Liquidated liquidation) {
    liquidations++;
    Fill f = liquidation.fill();
    Side side = liquidation.buy() ? Side.BUY : Side.SELL;
    orders.add(new JsonObject().put("clOrdId", liquidation.id()).put("source", "liquidation").put("symbol", symbol)
        .put("side", side.name()).put("quantity", JsonDecimals.number(f.quantity())).put("status", "FILLED")
        .put("at", f.at()).put("exit", liquidation.reason()).put("filledQuantity", JsonDecimals.number(f.quantity()))
        .put("averagePrice", JsonDecimals.number(f.price())).put("fee", JsonDecimals.number(f.fee()))
        .put("marginKept", JsonDecimals.number(liquidation.kept())));
    fillReasons.add("liquidation");
    fills.add(new TradeFill(f.at(), symbol, liquidation.buy(), f.quantity(), f.price(), f.fee().add(liquidation.kept()),
        true));
  }

  /** Its fills with their reasons, for {@link TradeAnalysis#trades}. */
  List<TradeAnalysis.Execution> executions() {
    List<TradeAnalysis.Execution> out = new ArrayList<>(fills.size());
    for (int i = 0; i < fills.size(); i++) {
      out.add(new TradeAnalysis.Execution(fills.get(i), fillReasons.get(i)));
    }
    return out;
  }

  /** Records a funding payment received (negative: paid). */
  void funded(long at, String symbol, BigDecimal received) {
    fillReasons.add("");
    fills.add(TradeFill.funding(at, symbol, received));
  }

  /** Notes a swap position's distance to its liquidation price. */
  void nearLiquidation(BigDecimal distancePct) {
    double d = distancePct.doubleValue();
    closestLiquidationPct = Double.isNaN(closestLiquidationPct) ? d : Math.min(closestLiquidationPct, d);
  }

  /** Marks the equity at {@code at}: the curve's point and the drawdown from its peak. */
  void mark(long at, double equity, boolean keepPoint) {
    peak = Math.max(peak, equity);
    if (peak > 0) {
      maxDrawdownPct = Math.max(maxDrawdownPct, (peak - equity) * 100 / peak);
    }
    if (keepPoint) {
      equityTimes.add(at);
      equityValues.add(equity);
    }
  }
}
