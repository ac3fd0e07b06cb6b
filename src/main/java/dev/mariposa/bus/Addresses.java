package dev.mariposa.bus;

/** The event-bus addresses of DESIGN.md §4: one place, so producers and consumers cannot drift. */
public final class Addresses {
  private Addresses() {}

  public static final String SYSTEM_STATUS = "system.status";
  public static final String PERF_LEADERBOARD = "perf.leaderboard";
  /** An agent was created, updated or deleted: {@code {id, change, version}}; every role reloads. */
  public static final String AGENTS_CHANGED = "agents.changed";
  /** Request (local to a process): analyse one agent now; the reply is {@code {results:[...]}}. */
  public static final String ANALYSIS_RUN = "analysis.run";

  public static String ticker(String symbol) {
    return "market.ticker." + symbol;
  }

  public static String trade(String symbol) {
    return "market.trade." + symbol;
  }

  public static String book(String symbol) {
    return "market.book." + symbol;
  }

  public static String kline(String symbol, String interval) {
    return "market.kline." + symbol + "." + interval;
  }

  public static String analysis(String agentId) {
    return "analysis.result." + agentId;
  }

  public static String signal(String agentId) {
    return "signal." + agentId;
  }

  public static String agentTrades(String agentId) {
    return "trade." + agentId;
  }

  public static String agentPerformance(String agentId) {
    return "perf.agent." + agentId;
  }

  public static String job(String name) {
    return "jobs." + name;
  }
}
